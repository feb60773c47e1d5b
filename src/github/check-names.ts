/**
 * The default names of the check runs branch protection requires. A leaf of its own so
 * that the CLI can show them in `holdout doctor --help` without loading the GitHub client.
 */
export const DEFAULT_CHECK_NAME = 'holdout / evaluation';
export const DEFAULT_PACKAGE_CHECK_NAME = 'holdout / package-request';
