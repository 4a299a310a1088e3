package com.callbasis.gateway.sip.transport;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The identities in a TLS peer's verified certificate (RFC 5922 s.7.1): its DNS and SIP URI subject
 * alternative names, or its common name when it has none. Empty for a connection without TLS or
 * without a verified peer certificate: such a peer can only be trusted by its address.
 */
public final class TlsPeerNames {
    private TlsPeerNames() {}

    public static List<String> of(Channel ch) {
        if (ch == null) {
            return List.of();
        }
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return List.of();
        }
        Certificate[] chain;
        try {
            chain = ssl.engine().getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        return chain.length > 0 && chain[0] instanceof X509Certificate x ? names(x) : List.of();
    }

    static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 6) { // dNSName, uniformResourceIdentifier
                        out.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (out.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        out.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
                    }
                }
            } catch (InvalidNameException e) {
                return List.of();
            }
        }
        return List.copyOf(out);
    }
}
