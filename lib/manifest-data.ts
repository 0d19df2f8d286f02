/** Values shared by the manifest (wxt.config.ts), the content script and the tests. */

/** SubjectPublicKeyInfo (DER, base64) whose SHA-256 gives the fixed Chromium extension id. */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA7BQzN0nsn077/RAwsedHa3OYQa7qJSziSpMrPHO8n9pHT5HGLYYPWlqpl1BMrkcBlNhDgFnR/OeWQFDj8zYoXsONI2IxRB1JoFj3UGUGRUshe7F6c8a0wN5yIkP5FN5Zt2whNMYcXdGcpcsJ/6eo+DRmSSQCv/IsJYEmEze3NIesCNoDcxehUxMn+yhAhc/gNN+l9TYAFVCQrWfnnbA4p7ntMyfSgr9kG2imT09xQtx6zUPuCeCaEPGZ5BjX5sMH2nTb8ajkI219yyctF/mffFJx4+MiOIyQ8mBFTkqm9pAXgHshUX1FDmGvi9cB4UtNG77hN7zc0P7rx2zaDd49YwIDAQAB';

/** The Chromium extension id derived from EXTENSION_PUBLIC_KEY. */
export const EXTENSION_ID = 'obhgfolkgmigngjcmhikpnhclpppcnek';

/** Firefox add-on id (Firefox ignores `key`). */
export const GECKO_ID = 'caller-verify@callerverify.org';

/** Pages where the content script runs: the CRM consoles we support. */
export const CRM_MATCHES = ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'] as const;

/** The reference API on loopback (demo default); other API hosts are reached through CORS. */
export const API_HOST_PERMISSIONS = ['http://127.0.0.1/*', 'http://localhost/*'] as const;

/** Where the demo and the tests expect the reference API when nothing else is configured. */
export const DEFAULT_API_BASE_URL = 'http://127.0.0.1:8787';
