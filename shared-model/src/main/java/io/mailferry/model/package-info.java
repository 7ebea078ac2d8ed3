/**
 * The API contract shared by the Data Provider service and the Administration Panel: records and enums only.
 * May import the JDK and Jackson annotations, nothing else.
 */
package io.mailferry.model;
