import { mount } from '@ui/mount';
import { AdminApp } from './admin-app';

mount(AdminApp);
