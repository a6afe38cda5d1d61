import { mount } from '@ui/mount';
import { PanelApp } from './panel-app';
import './panel.css';

mount(PanelApp);
