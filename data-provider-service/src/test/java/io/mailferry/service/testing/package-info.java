/** Fakes and helpers shared by the service's tests (test code only, never shipped). */
package io.mailferry.service.testing;
