import { mount } from '@ui/mount';
import { AdminApp } from './admin-app';
import './admin.css';

mount(AdminApp);
