/** Values shared by the manifest (wxt.config.ts), the content script and the tests. */

/** SubjectPublicKeyInfo (DER, base64) whose SHA-256 gives the fixed Chromium extension id. */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA7BQzN0nsn077/RAwsedHa3OYQa7qJSziSpMrPHO8n9pHT5HGLYYPWlqpl1BMrkcBlNhDgFnR/OeWQFDj8zYoXsONI2IxRB1JoFj3UGUGRUshe7F6c8a0wN5yIkP5FN5Zt2whNMYcXdGcpcsJ/6eo+DRmSSQCv/IsJYEmEze3NIesCNoDcxehUxMn+yhAhc/gNN+l9TYAFVCQrWfnnbA4p7ntMyfSgr9kG2imT09xQtx6zUPuCeCaEPGZ5BjX5sMH2nTb8ajkI219yyctF/mffFJx4+MiOIyQ8mBFTkqm9pAXgHshUX1FDmGvi9cB4UtNG77hN7zc0P7rx2zaDd49YwIDAQAB';

/** The Chromium extension id derived from EXTENSION_PUBLIC_KEY. */
export const EXTENSION_ID = 'obhgfolkgmigngjcmhikpnhclpppcnek';

/** Firefox add-on id (Firefox ignores `key`). */
export const GECKO_ID = 'caller-verify@callerverify.org';

/**
 * Pages where the content script runs (all frames): the hosts of every built-in adapter in lib/adapters/
 * (a unit test keeps the two equal). A literal list because the policy CLI imports this file under plain Node.
 */
export const CRM_MATCHES = [
  // Salesforce Lightning (sandboxes: *.sandbox.lightning.force.com, *.sandbox.my.salesforce.com)
  'https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*',
  // Genesys Cloud and its regions
  'https://apps.mypurecloud.com/*', 'https://apps.mypurecloud.ie/*', 'https://apps.mypurecloud.de/*',
  'https://apps.mypurecloud.jp/*', 'https://apps.mypurecloud.com.au/*', 'https://*.pure.cloud/*',
  // Dynamics 365 regions
  ...(['crm', 'crm2', 'crm3', 'crm4', 'crm5', 'crm6', 'crm7', 'crm8', 'crm9', 'crm11', 'crm12', 'crm14', 'crm15', 'crm16', 'crm17', 'crm19', 'crm20', 'crm21'] as const)
    .map((r) => `https://*.${r}.dynamics.com/*` as const),
  // Zendesk; Amazon Connect
  'https://*.zendesk.com/*', 'https://*.my.connect.aws/*', 'https://*.awsapps.com/*',
] as const;

/**
 * Optional host permissions: hosts of admin-declared adapters (policy `customAdapters`) that CRM_MATCHES
 * does not list. Nothing is granted at install; the options page requests exactly the custom hosts.
 */
export const CUSTOM_HOST_PERMISSIONS = ['https://*/*', 'http://*/*'] as const;

/**
 * The Genesys Cloud Platform API of every region (policy `genesys`): the worker reads the agent's calls
 * there with the agent's own token. Granted at install so the calls do not depend on Genesys answering
 * CORS for an extension origin; `*.pure.cloud` is already a content-script host.
 */
export const GENESYS_API_HOST_PERMISSIONS = [
  'https://api.mypurecloud.com/*', 'https://api.mypurecloud.ie/*', 'https://api.mypurecloud.de/*',
  'https://api.mypurecloud.jp/*', 'https://api.mypurecloud.com.au/*', 'https://*.pure.cloud/*',
] as const;

/** The reference API on loopback (demo default); other API hosts are reached through CORS. */
export const API_HOST_PERMISSIONS = ['http://127.0.0.1/*', 'http://localhost/*'] as const;

/** Where the demo and the tests expect the reference API when nothing else is configured. */
export const DEFAULT_API_BASE_URL = 'http://127.0.0.1:8787';
