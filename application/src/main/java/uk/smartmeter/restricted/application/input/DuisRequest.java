package uk.smartmeter.restricted.application.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import uk.smartmeter.restricted.application.input.MalformedDocument;
import uk.smartmeter.restricted.application.input.PayloadTooLarge;

/**
 * What the gate reads from a DUIS {@code Request}: the header's RequestID (originator, target, counter)
 * and ServiceReferenceVariant, and from the body the devices a non-device request names
 * ({@code DeviceID}, {@code DeviceIDList}), the scheduled SRV of a 5.1 ({@code
 * DSPScheduledServiceReferenceVariant}) and the payment mode of a 1.6 ({@code Credit} or {@code
 * Prepayment}). Nothing else is interpreted; the signature is the DSP's business.
 *
 * <p>The reader is hardened: no DTD (a DOCTYPE is refused, so no external entity and no entity
 * expansion can happen), no external access, a size limit, a depth limit and a text-length limit.
 */
public record DuisRequest(String requestId, String originator, String target, String srv, List<String> bodyDevices,
                          String scheduledSrv, String paymentMode) {

    public static final String NAMESPACE = "http://www.dccinterface.co.uk/ServiceUserGateway";
    private static final int MAX_DEPTH = 32;
    private static final int MAX_TEXT = 4 * 1024 * 1024;
    private static final XMLInputFactory FACTORY = hardenedFactory();

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external resources are not read");
        });
        return factory;
    }

    /** Reads a DUIS Request of at most {@code maxBytes}; anything else is a {@link MalformedDocument}. */
    public static DuisRequest read(InputStream body, int maxBytes) throws IOException {
        LimitedStream limited = new LimitedStream(body, maxBytes);
        XMLStreamReader xml = null;
        try {
            xml = FACTORY.createXMLStreamReader(limited, "UTF-8");
            String declared = xml.getCharacterEncodingScheme();
            if (declared != null && !"UTF-8".equalsIgnoreCase(declared) && !"UTF8".equalsIgnoreCase(declared)) {
                throw new MalformedDocument("body", "must be UTF-8; its declaration says " + declared.replaceAll(
                        "[^A-Za-z0-9._-]", "?"));
            }
            return new Parser(xml).parse();
        } catch (XMLStreamException unreadable) {
            if (limited.exceeded()) {
                throw new PayloadTooLarge(maxBytes);
            }
            if (limited.notUtf8 != null) {
                throw limited.notUtf8;
            }
            throw new MalformedDocument("body", "not well-formed XML: " + firstLine(unreadable.getMessage()));
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the stream the container closes
                }
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String last = message.substring(message.lastIndexOf('\n') + 1).trim();
        return last.length() > 200 ? last.substring(0, 200) : last;
    }

    private static final class Parser {
        private final XMLStreamReader xml;
        private final List<String> path = new ArrayList<>();
        private final List<String> bodyDevices = new ArrayList<>();
        private final StringBuilder deviceList = new StringBuilder();
        private String requestId;
        private String srv;
        private String scheduledSrv;
        private String paymentMode;
        private boolean sawHeader;
        private boolean sawBody;
        private boolean sawScheduledSrv;
        private boolean paymentModeAnywhere;
        private String strayPaymentMode;

        Parser(XMLStreamReader xml) {
            this.xml = xml;
        }

        DuisRequest parse() throws XMLStreamException {
            while (xml.hasNext()) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new MalformedDocument("body",
                            "a DOCTYPE is not allowed in a DUIS request");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new MalformedDocument("body",
                            "entity references are not allowed in a DUIS request");
                    case XMLStreamConstants.START_ELEMENT -> start();
                    case XMLStreamConstants.END_ELEMENT -> end();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> listText();
                    default -> {
                        // text outside the elements we read, comments and processing instructions are ignored
                    }
                }
            }
            return finish();
        }

        private void start() throws XMLStreamException {
            String name = xml.getLocalName();
            if (path.isEmpty() && !("Request".equals(name) && NAMESPACE.equals(xml.getNamespaceURI()))) {
                throw new MalformedDocument("Request", "the root must be a DUIS Request in namespace " + NAMESPACE);
            }
            path.add(name);
            if (path.size() > MAX_DEPTH) {
                throw new MalformedDocument("body", "nested deeper than " + MAX_DEPTH + " elements");
            }
            onlyInItsPlace(name);
            if (path.size() == 2 && "Header".equals(name)) {
                sawHeader = once("Header", sawHeader);
            } else if (path.size() == 2 && "Body".equals(name)) {
                sawBody = once("Body", sawBody);
            } else if (path.size() == 3 && "Header".equals(path.get(1))) {
                if ("RequestID".equals(name)) {
                    once("Header.RequestID", requestId != null);
                    requestId = text();
                } else if ("ServiceReferenceVariant".equals(name)) {
                    once("Header.ServiceReferenceVariant", srv != null);
                    srv = text();
                }
            } else if (path.size() >= 3 && "Body".equals(path.get(1))) {
                body(name);
            }
        }

        private void body(String name) throws XMLStreamException {
            switch (name) {
                case "DeviceID" -> bodyDevices.add(text());
                case "DeviceIDList" -> deviceList.setLength(0);
                case "DSPScheduledServiceReferenceVariant" -> scheduledSrv = text();
                case "Credit", "Prepayment" -> {
                    if (path.size() == 4 && "UpdatePaymentMode".equals(path.get(2))) {
                        once("Body.UpdatePaymentMode", paymentMode != null);
                        paymentMode = name;
                    }
                }
                default -> {
                    // the rest of the body is the device's business, not the gate's
                }
            }
        }

        /**
         * An element the decision reads, and that DUIS allows once, must be there once: a DSP that routes on
         * the first copy and a gate that read the last would decide different requests. It must also be in
         * the DUIS namespace, so that a look-alike from another namespace is not read either way.
         */
        private boolean once(String field, boolean seen) {
            if (seen) {
                throw new MalformedDocument(field, "appears more than once; DUIS allows it once");
            }
            if (!NAMESPACE.equals(xml.getNamespaceURI())) {
                throw new MalformedDocument(field, "must be in namespace " + NAMESPACE);
            }
            return true;
        }

        /**
         * An element the decision reads may be nowhere but in its one place: a copy nested elsewhere (a
         * RequestID inside another header element, an SRV in the body, a scheduled SRV in the header, a second
         * Credit or Prepayment anywhere) would be the first one that a DSP reading by tag name finds.
         */
        private void onlyInItsPlace(String name) {
            int depth = path.size();
            String where = String.join(".", path.subList(1, depth));
            switch (name) {
                case "Header", "Body" -> {
                    if (depth != 2) {
                        throw new MalformedDocument(where, "a " + name + " belongs directly in the Request");
                    }
                }
                case "RequestID", "ServiceReferenceVariant" -> {
                    if (depth != 3 || !"Header".equals(path.get(1))) {
                        throw new MalformedDocument(where, "belongs directly in the Header, once");
                    }
                }
                case "DSPScheduledServiceReferenceVariant" -> {
                    if (!"Body".equals(path.get(1))) {
                        throw new MalformedDocument(where, "belongs in the Body, once");
                    }
                    once("Body.DSPScheduledServiceReferenceVariant", scheduledSrv != null || sawScheduledSrv);
                    sawScheduledSrv = true;
                }
                case "Credit", "Prepayment" -> {
                    if (depth != 4 || !"Body".equals(path.get(1)) || !"UpdatePaymentMode".equals(path.get(2))) {
                        if (paymentModeAnywhere) {
                            throw new MalformedDocument(where, "one Credit or Prepayment, in Body.UpdatePaymentMode");
                        }
                        strayPaymentMode = where;
                    }
                    paymentModeAnywhere = true;
                }
                default -> {
                    // the rest is the device's business
                }
            }
        }

        /** A DeviceIDList holds its IDs as text (as in the 11.1 template) or as DeviceID children. */
        private void listText() {
            if (!path.isEmpty() && "DeviceIDList".equals(path.get(path.size() - 1))) {
                deviceList.append(xml.getText());
                if (deviceList.length() > MAX_TEXT) {
                    throw new MalformedDocument("DeviceIDList", "text longer than " + MAX_TEXT);
                }
            }
        }

        private void end() {
            if ("DeviceIDList".equals(path.remove(path.size() - 1))) {
                for (String id : deviceList.toString().trim().split("[\\s,]+")) {
                    if (!id.isBlank()) {
                        bodyDevices.add(id);
                    }
                }
                deviceList.setLength(0);
            }
        }

        /** The element's text; leaves the reader on its end tag, so the path is popped here. */
        private String text() throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            while (true) {
                int event = xml.next();
                if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE) {
                    text.append(xml.getText());
                    if (text.length() > MAX_TEXT) {
                        throw new MalformedDocument(String.join(".", path), "text longer than " + MAX_TEXT);
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    path.remove(path.size() - 1);
                    return text.toString().trim();
                } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new MalformedDocument("body", "entity references are not allowed in a DUIS request");
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    throw new MalformedDocument(String.join(".", path), "must hold text, not elements");
                }
            }
        }

        private DuisRequest finish() {
            if (!sawHeader) {
                throw new MalformedDocument("Header", "required");
            }
            if (!sawBody) {
                throw new MalformedDocument("Body", "required");
            }
            if (requestId == null || requestId.isEmpty()) {
                throw new MalformedDocument("Header.RequestID", "required");
            }
            if (srv == null || srv.isEmpty()) {
                throw new MalformedDocument("Header.ServiceReferenceVariant", "required");
            }
            if (strayPaymentMode != null && "1.6".equals(srv)) {
                // a 1.6 is decided by its payment mode: one outside Body.UpdatePaymentMode is a second reading
                throw new MalformedDocument(strayPaymentMode, "one Credit or Prepayment, in Body.UpdatePaymentMode");
            }
            String[] parts = requestId.split(":", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
                throw new MalformedDocument("Header.RequestID",
                        "must be originator EUI-64, target EUI-64 and counter, separated by ':'");
            }
            return new DuisRequest(requestId, parts[0], parts[1], srv, List.copyOf(bodyDevices), scheduledSrv,
                    paymentMode);
        }
    }

    /** Stops reading past the limit, and remembers that it did. */
    private static final class LimitedStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private final uk.smartmeter.restricted.application.input.Utf8Check utf8 =
                new uk.smartmeter.restricted.application.input.Utf8Check(false);
        private long read;
        private boolean exceeded;
        private MalformedDocument notUtf8;

        LimitedStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public int read() throws IOException {
            if (read >= limit) {
                return overLimit();
            }
            int b = in.read();
            if (b >= 0) {
                read++;
                utf8(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (read >= limit) {
                return overLimit();
            }
            int n = in.read(buffer, offset, (int) Math.min(length, limit - read));
            if (n > 0) {
                read += n;
                for (int i = offset; i < offset + n; i++) {
                    utf8(buffer[i] & 0xFF);
                }
            } else if (n < 0) {
                try {
                    utf8.end();
                } catch (uk.smartmeter.restricted.application.input.Utf8Check.NotUtf8 cut) {
                    throw notUtf8(cut);
                }
            }
            return n;
        }

        /** DUIS is UTF-8; an overlong or broken sequence is refused, not folded into a character. */
        private void utf8(int b) {
            try {
                utf8.check(b);
            } catch (uk.smartmeter.restricted.application.input.Utf8Check.NotUtf8 not) {
                throw notUtf8(not);
            }
        }

        private MalformedDocument notUtf8(uk.smartmeter.restricted.application.input.Utf8Check.NotUtf8 not) {
            notUtf8 = new MalformedDocument("body", "must be UTF-8 (with no NUL byte): byte " + not.offset()
                    + " is not");
            return notUtf8;
        }

        private int overLimit() throws IOException {
            if (in.read() < 0) {
                return -1;
            }
            exceeded = true;
            throw new PayloadTooLarge(limit);
        }
    }
}
