/**
 * Test fixtures and fakes shared by the service's tests: a private Dovecot per JVM, an embedded GreenMail, the API
 * client and fake probes. Test code only, never shipped; may import anything on the test classpath.
 */
package io.mailferry.service.testing;
