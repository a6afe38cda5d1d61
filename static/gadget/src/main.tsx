import { mount } from '@ui/mount';
import { GadgetApp } from './gadget-app';

mount(GadgetApp);
