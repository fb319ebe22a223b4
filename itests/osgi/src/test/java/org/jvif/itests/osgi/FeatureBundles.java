package org.jvif.itests.osgi;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The jvif bundles of Karaf features, read from the features descriptor the KAR carries (made from
 * features/src/main/feature/feature.xml, the one list of jvif bundles): what the tests boot is what a
 * Karaf user installs.
 */
final class FeatureBundles {
    private FeatureBundles() {
    }

    /**
     * The jar files in {@code dir} (the KAR's jvif bundles and descriptor, flattened) of the jvif bundles of
     * {@code features} and the features they include, in the descriptor's order.
     */
    static List<File> of(File dir, String... features) {
        File[] descriptors = dir.listFiles((d, n) -> n.endsWith("-features.xml"));
        if (descriptors == null || descriptors.length != 1) {
            throw new AssertionError("no single features descriptor in " + dir);
        }
        Map<String, Element> byName = new HashMap<>();
        try {
            var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptors[0]);
            var all = document.getDocumentElement().getElementsByTagName("feature");
            for (int i = 0; i < all.getLength(); i++) {
                Element f = (Element) all.item(i);
                if (f.getParentNode() == document.getDocumentElement()) {
                    byName.put(f.getAttribute("name"), f);
                }
            }
        } catch (Exception e) {
            throw new AssertionError("cannot read " + descriptors[0] + ": " + e, e);
        }
        Set<String> urls = new LinkedHashSet<>();
        for (String f : features) {
            collect(byName, f, new LinkedHashSet<>(), urls);
        }
        List<File> jars = new ArrayList<>();
        for (String url : urls) {
            // mvn:org.jvif/ARTIFACT/VERSION
            String[] gav = url.substring("mvn:".length()).split("/");
            File jar = new File(dir, gav[1] + "-" + gav[2] + ".jar");
            if (!jar.isFile()) {
                throw new AssertionError(url + " is not in " + dir);
            }
            jars.add(jar);
        }
        return jars;
    }

    private static void collect(Map<String, Element> byName, String name, Set<String> seen, Set<String> urls) {
        Element feature = byName.get(name);
        if (feature == null) {
            throw new AssertionError("no feature " + name);
        }
        if (!seen.add(name)) {
            return;
        }
        for (Node n = feature.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            String text = e.getTextContent().trim();
            if (e.getTagName().equals("feature") && byName.containsKey(text)) {
                collect(byName, text, seen, urls);
            } else if (e.getTagName().equals("bundle") && text.startsWith("mvn:org.jvif/")) {
                urls.add(text);
            }
        }
    }
}
