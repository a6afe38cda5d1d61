import { mount } from '@ui/mount';
import { AdminApp } from './admin-app';
import { AdminTexts } from './i18n/admin-i18n';
import './admin.css';

mount(() => (
  <AdminTexts>
    <AdminApp />
  </AdminTexts>
));
