/** jitosd's version (KernelInfo.version); the package version, checked by a test. */
export const server_version = "0.1.0";
