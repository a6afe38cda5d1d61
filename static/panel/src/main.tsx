import { mount } from '@ui/mount';
import { PanelApp } from './panel-app';

mount(PanelApp);
