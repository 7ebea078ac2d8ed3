/**
 * Test fixtures shared by every integration test: a private Dovecot per JVM and an embedded GreenMail. Test code
 * only; may import anything on the test classpath.
 */
package io.mailferry.service.testing;
