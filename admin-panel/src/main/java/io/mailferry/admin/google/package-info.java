/**
 * Google's installed-app sign-in for one Gmail account's consent (authorization code with PKCE and a loopback
 * redirect on 127.0.0.1, developers.google.com/identity/protocols/oauth2/native-app), through Google's own auth
 * library. No JavaFX here.
 */
package io.mailferry.admin.google;
