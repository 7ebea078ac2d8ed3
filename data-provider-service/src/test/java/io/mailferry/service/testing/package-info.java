<<<<<<< HEAD
/**
 * Test fixtures shared by every integration test: a private Dovecot per JVM and an embedded GreenMail. Test code
 * only; may import anything on the test classpath.
 */
=======
/** Fakes and helpers shared by the service's tests (test code only, never shipped). */
>>>>>>> foundation
package io.mailferry.service.testing;
