// An example consent-token issuer for CRM and IVR integrators (docs/consent-tokens.md).
// JDK only, one file: run it with `java IssueConsentToken.java ...` (Java 17+); it prints one token.
//
//   EdDSA: openssl genpkey -algorithm ed25519 -out ivr.key.pem
//          openssl pkey -in ivr.key.pem -pubout -out ivr.pub.pem      (the gateway gets ivr.pub.pem)
//          java IssueConsentToken.java --issuer ivr --private-key ivr.key.pem \
//              --subject +442079460123 --tenant brightline-retail --purpose service-quality \
//              --method ivr-dtmf --notice-version consent-v3
//   HS256: openssl rand -base64 48 > crm.secret                        (both sides hold crm.secret)
//          java IssueConsentToken.java --issuer crm --secret-file crm.secret ...
//
// A real issuer signs only after it has captured the consent itself, keeps the token (or its SHA-256)
// with its consent record, and never signs what a caller asked it to sign.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class IssueConsentToken {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                fail("expected --name value pairs, got '" + args[i] + "'");
            }
            a.put(args[i].substring(2), args[++i]);
        }
        for (String k : new String[] {"issuer", "subject", "tenant", "purpose", "method", "notice-version"}) {
            if (!a.containsKey(k)) {
                fail("--" + k + " is required");
            }
        }
        if (a.containsKey("private-key") == a.containsKey("secret-file")) {
            fail("give exactly one of --private-key (EdDSA) and --secret-file (HS256)");
        }
        Instant givenAt = a.containsKey("given-at") ? Instant.parse(a.get("given-at")) : Instant.now();
        Duration validFor = Duration.parse(a.getOrDefault("valid-for", "PT10M"));
        String alg = a.containsKey("private-key") ? "EdDSA" : "HS256";

        String header = "{\"alg\":\"" + alg + "\",\"kid\":" + json(a.get("issuer")) + ",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":" + json(a.get("issuer"))
                + ",\"sub\":" + json(a.get("subject"))            // the party who consented: E.164 or SIP URI
                + ",\"tenant\":" + json(a.get("tenant"))
                + ",\"purpose\":" + json(a.get("purpose"))        // the policy rule's purpose
                + ",\"method\":" + json(a.get("method"))          // how consent was captured
                + ",\"noticeVersion\":" + json(a.get("notice-version")) // what the person was told
                + ",\"iat\":" + givenAt.getEpochSecond()           // when consent was given
                + ",\"exp\":" + givenAt.plus(validFor).getEpochSecond() + "}";
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        byte[] signed = input.getBytes(StandardCharsets.US_ASCII);
        byte[] signature;
        if (alg.equals("EdDSA")) {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey(Path.of(a.get("private-key"))));
            s.update(signed);
            signature = s.sign();
        } else {
            // The secret is the file's text without surrounding white space, as the gateway reads it.
            byte[] secret = Files.readString(Path.of(a.get("secret-file"))).strip().getBytes(StandardCharsets.UTF_8);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            signature = mac.doFinal(signed);
        }
        System.out.println(input + "." + b64(signature));
    }

    /** A PKCS#8 PEM private key, as `openssl genpkey -algorithm ed25519` writes it. */
    static PrivateKey privateKey(Path pem) throws Exception {
        String text = Files.readString(pem);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            fail(pem + " holds no PKCS#8 PEM private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static void fail(String message) {
        System.err.println("IssueConsentToken: " + message);
        System.exit(2);
    }
}
