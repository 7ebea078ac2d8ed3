/**
 * On-premises Exchange (Exchange Server 2013 to Subscription Edition) through EWS with ews-java-api: a service account
 * that impersonates each mailbox (ApplicationImpersonation) or opens it by delegation, the engine's ports over
 * FindFolder, FindItem, GetItem (MimeContent), SyncFolderItems, CreateFolder and CreateItem, the directory through
 * ResolveNames, and "Test connection". The library lives only here, behind small classes of this package. Imports the
 * engine's ports, the model, {@code io.mailferry.service.tls}, ews-java-api and its HTTP client; never another
 * connector, the store or the api. Exchange Online is never reached through EWS (ADR 0025).
 */
package io.mailferry.service.connector.ews;
