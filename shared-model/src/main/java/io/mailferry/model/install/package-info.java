/**
 * What the service, its command line and the panel share about an installed service: where its configuration file
 * is and how it is read, so that all three agree on the installed data directory by construction.
 * May import the JDK only.
 */
package io.mailferry.model.install;
