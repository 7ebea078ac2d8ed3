package io.mailferry.service.connector.ews.doubles;

import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The XML of the double: requests read with the JDK's DOM (namespace-aware), responses written as text in the shapes
 * of Microsoft's EWS reference (learn.microsoft.com/exchange/client-developer/web-service-reference/ews-xml-elements-in-exchange):
 * a SOAP envelope whose header carries ServerVersionInfo, a body holding {@code m:<Operation>Response} with one
 * {@code m:<Operation>ResponseMessage} per request element ({@code ResponseClass}, {@code MessageText},
 * {@code ResponseCode}, {@code DescriptiveLinkKey}), and SOAP faults for errors of the whole request.
 */
final class Soap {
    static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    static final String T = "http://schemas.microsoft.com/exchange/services/2006/types";
    static final String E = "http://schemas.microsoft.com/exchange/services/2006/errors";

    private Soap() {
    }

    static Document parse(InputStream in) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(in);
    }

    /** The direct child elements of {@code e} with {@code localName} (any namespace). */
    static List<Element> children(Element e, String localName) {
        List<Element> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && (localName == null || localName.equals(c.getLocalName()))) {
                out.add(c);
            }
        }
        return out;
    }

    static Element child(Element e, String localName) {
        List<Element> c = children(e, localName);
        return c.isEmpty() ? null : c.get(0);
    }

    /** The element at the path of local names below {@code e}, or null. */
    static Element path(Element e, String... names) {
        Element at = e;
        for (String n : names) {
            at = child(at, n);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }

    /** An element of a request as XML text, its namespaces declared on it, for storing and rendering back. */
    static String xml(Element e) {
        try {
            javax.xml.transform.Transformer t = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
            java.io.StringWriter out = new java.io.StringWriter();
            t.transform(new javax.xml.transform.dom.DOMSource(e), new javax.xml.transform.stream.StreamResult(out));
            return out.toString();
        } catch (javax.xml.transform.TransformerException ex) {
            throw new IllegalStateException("cannot write an element back", ex);
        }
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                // as Exchange writes a control character of a field: a reference XML 1.0 forbids
                // (github.com/OfficeDev/ews-java-api/issues/233)
                default -> b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r'
                        ? "&#x" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ";" : String.valueOf(c));
            }
        }
        return b.toString();
    }

    static String time(Instant i) {
        return i.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String attrs(Map<String, String> a) {
        StringBuilder b = new StringBuilder();
        a.forEach((k, v) -> b.append(' ').append(k).append("=\"").append(esc(v)).append('"'));
        return b.toString();
    }

    /** A whole response: {@code body} inside {@code m:<operation>Response}. */
    static String envelope(String operation, String body) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Header>"
                + "<h:ServerVersionInfo MajorVersion=\"15\" MinorVersion=\"2\" MajorBuildNumber=\"1544\""
                + " MinorBuildNumber=\"4\" Version=\"V2017_07_11\" xmlns:h=\"" + T + "\"/></s:Header>"
                + "<s:Body><m:" + operation + "Response xmlns:m=\"" + M + "\" xmlns:t=\"" + T + "\">"
                + "<m:ResponseMessages>" + body + "</m:ResponseMessages></m:" + operation + "Response>"
                + "</s:Body></s:Envelope>";
    }

    /** One successful response message with its content. */
    static String ok(String operation, String content) {
        return "<m:" + operation + "ResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode>"
                + content + "</m:" + operation + "ResponseMessage>";
    }

    /** One failed response message. */
    static String error(String operation, String code, String text, String extra) {
        return "<m:" + operation + "ResponseMessage ResponseClass=\"Error\"><m:MessageText>" + esc(text)
                + "</m:MessageText><m:ResponseCode>" + code + "</m:ResponseCode><m:DescriptiveLinkKey>0"
                + "</m:DescriptiveLinkKey>" + (extra == null ? "" : extra) + "</m:" + operation + "ResponseMessage>";
    }

    /** A SOAP fault (HTTP 500) with an EWS response code and, when given, MessageXml values. */
    static String fault(String code, String text, Map<String, String> messageXml) {
        StringBuilder values = new StringBuilder();
        if (messageXml != null && !messageXml.isEmpty()) {
            values.append("<t:MessageXml xmlns:t=\"").append(T).append("\">");
            messageXml.forEach((k, v) -> values.append("<t:Value Name=\"").append(esc(k)).append("\">")
                    .append(esc(v)).append("</t:Value>"));
            values.append("</t:MessageXml>");
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body><s:Fault>"
                + "<faultcode xmlns:a=\"" + T + "\">a:" + code + "</faultcode>"
                + "<faultstring xml:lang=\"en-US\">" + esc(text) + "</faultstring>"
                + "<detail><e:ResponseCode xmlns:e=\"" + E + "\">" + code + "</e:ResponseCode>"
                + "<e:Message xmlns:e=\"" + E + "\">" + esc(text) + "</e:Message>" + values
                + "</detail></s:Fault></s:Body></s:Envelope>";
    }
}
