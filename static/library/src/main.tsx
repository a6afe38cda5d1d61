/* One bundle, two macros: the postmortem library, and the reading session's own macro on a session page. */
import { mount, type AppProps } from '@ui/mount';
import { READING_SESSION_MODULE_KEY } from '@shared/reading-sessions';
import { LibraryApp } from './library-app';
import { SessionView } from './session-view';
import './library.css';

mount(({ context }: AppProps) => (context.moduleKey === READING_SESSION_MODULE_KEY ? <SessionView /> : <LibraryApp />));
