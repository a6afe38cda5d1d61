/// <reference types="vite/client" />

/** The Atlassian design tokens as one CSS asset (scripts/build-ui.ts `designTokensCss`). */
declare module 'virtual:kaizen-tokens.css';
