/**
 * Steps of the build that run Java code on what it packages (data-provider-service/pom.xml): never part of the
 * product, kept with the tests that prove them.
 */
package io.mailferry.service.build;
