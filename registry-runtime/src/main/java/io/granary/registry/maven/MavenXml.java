package io.granary.registry.maven;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks that uploaded POMs and metadata are well-formed XML with the expected root element. The
 * parser refuses DOCTYPEs, so no external entity or entity expansion can be smuggled in.
 */
public final class MavenXml {

    private MavenXml() {
    }

    /** The parsed document, or empty when the bytes are not well-formed XML with that root element. */
    public static Optional<Document> parse(byte[] bytes, String rootElement) {
        try {
            Document document = builder().parse(new ByteArrayInputStream(bytes));
            String root = document.getDocumentElement().getLocalName() != null
                    ? document.getDocumentElement().getLocalName() : document.getDocumentElement().getTagName();
            return root.equals(rootElement) ? Optional.of(document) : Optional.empty();
        } catch (SAXException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The default handler prints parse errors to stderr; they are the client's and answered with 400. */
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
