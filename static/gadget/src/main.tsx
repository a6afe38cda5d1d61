import { mount } from '@ui/mount';
import { GadgetApp } from './gadget-app';
import './gadget.css';

mount(GadgetApp);
