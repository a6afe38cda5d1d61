import { mount } from '@ui/mount';
import { MacroApp } from './macro-app';

mount(MacroApp);
