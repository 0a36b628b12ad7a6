import pkg from '../../package.json';

/** The app version recorded with every result (package.json is the single source). */
export const APP_VERSION: string = pkg.version;
