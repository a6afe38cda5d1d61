/** The Confluence Cloud REST emulator of the Kaizen sandbox. */
export { createConfluenceEmulator, type ConfluenceEmulatorOptions } from './confluence-emulator';
export { SEEDED_PARENT_TITLES, SEEDED_SPACE_KEY } from './seed';
