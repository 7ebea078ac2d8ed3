package io.mailferry.service.connector.graph;

import java.net.URI;

/**
 * The endpoints of one Microsoft cloud: where to sign in, where Graph answers, which host serves Exchange Online IMAP,
 * and the scopes of their tokens. Tests point all of them at local doubles.
 *
 * @param authorityBase sign-in authority without the tenant, ending in "/" (msal4j wants https)
 * @param graphBase     Graph's v1.0 root, without a trailing "/"
 * @param imapHost      Exchange Online IMAP host
 * @param imapPort      its port (993, implicit TLS)
 */
public record GraphCloud(String name, URI authorityBase, URI graphBase, String imapHost, int imapPort) {
    /** learn.microsoft.com/graph/deployments: the global service. */
    public static final GraphCloud GLOBAL = new GraphCloud("global", URI.create("https://login.microsoftonline.com/"),
            URI.create("https://graph.microsoft.com/v1.0"), "outlook.office365.com", 993);
    /** US Government L4 (GCC High). */
    public static final GraphCloud US_GOVERNMENT = new GraphCloud("us-government",
            URI.create("https://login.microsoftonline.us/"), URI.create("https://graph.microsoft.us/v1.0"),
            "outlook.office365.us", 993);
    /** Microsoft 365 operated by 21Vianet (China). */
    public static final GraphCloud CHINA = new GraphCloud("china", URI.create("https://login.chinacloudapi.cn/"),
            URI.create("https://microsoftgraph.chinacloudapi.cn/v1.0"), "partner.outlook.cn", 993);

    /** The cloud called {@code name} ("global", "us-government", "china"); null for an unknown name. */
    public static GraphCloud named(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase(GLOBAL.name)) {
            return GLOBAL;
        }
        for (GraphCloud c : new GraphCloud[] {US_GOVERNMENT, CHINA}) {
            if (c.name.equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        return null;
    }

    /** The token scope of Graph in this cloud ("https://graph.microsoft.com/.default"). */
    public String graphScope() {
        return graphBase.getScheme() + "://" + graphBase.getAuthority() + "/.default";
    }

    /** The token scope of Exchange Online (IMAP) in this cloud. */
    public String exchangeScope() {
        return "https://" + imapHost + "/.default";
    }
}
