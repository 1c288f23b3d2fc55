/**
 * The host policy language on the command line ({@code rampart-policy}): {@code compile}, a YAML policy to
 * restore, ipset and nft files.
 */
package dev.rampart.cli.policy;
