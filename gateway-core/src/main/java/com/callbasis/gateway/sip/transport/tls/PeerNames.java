package com.callbasis.gateway.sip.transport.tls;

import io.netty.util.NetUtil;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The SIP identities in a certificate, and whether it names a host, after RFC 5922 s.7.
 */
final class PeerNames {
    private static final int DNS = 2;
    private static final int URI = 6;
    private static final int IP = 7;

    private PeerNames() {
    }

    /**
     * The identities a peer's certificate asserts (RFC 5922 s.7.1): its sip/sips URI SANs and dNSName
     * SANs, and only when the certificate has no subjectAltName at all, its most specific CN.
     */
    static List<String> of(X509Certificate c) {
        List<String> out = new ArrayList<>();
        Collection<List<?>> sans = sans(c);
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String v = String.valueOf(san.get(1));
            if (type == DNS || type == URI && isSipUri(v)) {
                out.add(v);
            }
        }
        if (sans.isEmpty()) {
            commonName(c).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /**
     * True when the certificate names {@code host} exactly (RFC 5922 s.7.2): an IP literal must be an
     * iPAddress SAN; a name must equal a dNSName SAN, ignoring case and a trailing dot, and a wildcard
     * matches nothing. The CN counts only when the certificate has no subjectAltName at all (RFC 6125
     * s.6.4.4), so a certificate with IP SANs only cannot pass for a name through its CN.
     */
    static boolean matches(X509Certificate c, String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Collection<List<?>> sans = sans(c);
        if (NetUtil.isValidIpV4Address(h) || NetUtil.isValidIpV6Address(h)) {
            byte[] want = NetUtil.createByteArrayFromIpAddressString(h);
            return sans.stream().anyMatch(s -> (Integer) s.get(0) == IP
                    && Arrays.equals(want, NetUtil.createByteArrayFromIpAddressString(String.valueOf(s.get(1)))));
        }
        String name = normalised(h);
        if (sans.isEmpty()) {
            return commonName(c).map(PeerNames::normalised).filter(name::equals).isPresent();
        }
        return sans.stream().anyMatch(s -> (Integer) s.get(0) == DNS && normalised(String.valueOf(s.get(1))).equals(name));
    }

    private static boolean isSipUri(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        return l.startsWith("sip:") || l.startsWith("sips:");
    }

    private static String normalised(String name) {
        String l = name.toLowerCase(Locale.ROOT);
        return l.endsWith(".") ? l.substring(0, l.length() - 1) : l;
    }

    private static Collection<List<?>> sans(X509Certificate c) {
        try {
            Collection<List<?>> s = c.getSubjectAlternativeNames();
            return s == null ? List.of() : s;
        } catch (CertificateParsingException e) {
            return List.of(); // an unreadable extension names nothing
        }
    }

    /** The last (most specific) CN of the subject. */
    private static Optional<String> commonName(X509Certificate c) {
        try {
            List<Rdn> rdns = new LdapName(c.getSubjectX500Principal().getName()).getRdns();
            String cn = null;
            for (Rdn r : rdns) { // LdapName lists the RDNs from the least specific
                if (r.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(r.getValue());
                }
            }
            return Optional.ofNullable(cn);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
