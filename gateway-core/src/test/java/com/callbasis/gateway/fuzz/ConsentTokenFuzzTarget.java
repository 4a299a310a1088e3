package com.callbasis.gateway.fuzz;

import com.callbasis.policy.ConsentTokenIssuer;
import com.callbasis.policy.ConsentTokenIssuer.Algorithm;
import com.callbasis.policy.ConsentTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * A consent token as it arrives in the INVITE's consent-token header, checked against an HS256 and
 * an Ed25519 issuer whose keys are fixed here, so that the committed seeds are validly signed
 * tokens the fuzzer mutates. Properties: {@link ConsentTokens#verify} never throws; and a token it
 * accepts spells its signature in the one canonical base64url form, because the token's digest (the
 * consent evidence) is taken over its text: two spellings of one signature would be two consents.
 */
public final class ConsentTokenFuzzTarget {
    static final byte[] CRM_SECRET = "fuzz-crm-secret-0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IVR_SEED = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final ConsentTokens TOKENS = new ConsentTokens(List.of(
            new ConsentTokenIssuer("ivr", Algorithm.EdDSA, ivrPublic(), Set.of(), Duration.ofDays(1)),
            new ConsentTokenIssuer("crm", Algorithm.HS256, new SecretKeySpec(CRM_SECRET, "HmacSHA256"), Set.of(), Duration.ofDays(1))),
            Duration.ofSeconds(60));

    private ConsentTokenFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        String compact = new String(data, StandardCharsets.UTF_8);
        ConsentTokens.Verified v = TOKENS.verify(compact);
        if (v.token() == null) {
            return;
        }
        String[] parts = compact.strip().split("\\.", -1);
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(signature).equals(parts[2])) {
            throw new AssertionError("accepted a signature spelled non-canonically: " + parts[2]);
        }
    }

    /** Whether the configured issuers accept the token (the seeds must be accepted). */
    static boolean accepts(String compact) {
        return TOKENS.verify(compact).token() != null;
    }

    /** Validly signed tokens from both issuers, the seeds the fuzzer starts from. */
    static List<String> validTokens() {
        String claims = "{\"iss\":\"%s\",\"sub\":\"+442079460123\",\"tenant\":\"acme\",\"purpose\":\"quality\","
                + "\"method\":\"ivr-dtmf\",\"noticeVersion\":\"consent-v3\",\"iat\":1796000000,\"exp\":1796003600}";
        return List.of(
                sign("{\"alg\":\"EdDSA\",\"kid\":\"ivr\",\"typ\":\"JWT\"}", claims.formatted("ivr"), true),
                sign("{\"alg\":\"HS256\",\"kid\":\"crm\"}", claims.formatted("crm"), false));
    }

    /** Writes {@link #validTokens} into a corpus folder: {@code ConsentTokenFuzzTarget DIR}. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        List<String> tokens = validTokens();
        for (int i = 0; i < tokens.size(); i++) {
            Files.writeString(dir.resolve("valid-" + i), tokens.get(i), StandardCharsets.US_ASCII);
        }
    }

    private static String sign(String header, String claims, boolean eddsa) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        try {
            byte[] sig;
            if (eddsa) {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(ivrPrivate());
                s.update(bytes);
                sig = s.sign();
            } else {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(CRM_SECRET, "HmacSHA256"));
                sig = mac.doFinal(bytes);
            }
            return input + "." + b64.encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey ivrPrivate() throws GeneralSecurityException {
        byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420" + HexFormat.of().formatHex(IVR_SEED));
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    private static PublicKey ivrPublic() {
        byte[] raw = new Ed25519PrivateKeyParameters(IVR_SEED, 0).generatePublicKey().getEncoded();
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw));
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
