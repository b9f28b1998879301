package dev.tandem.aws.documentdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.tandem.config.InvalidSettingException;

/**
 * An SSL context that trusts the certificates of a PEM bundle, such as Amazon's {@code global-bundle.pem}; a file
 * that is missing or holds no certificate stops start-up with the setting named.
 */
final class CaBundle {

    private CaBundle() {
    }

    static SSLContext sslContext(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new InvalidSettingException("Setting TANDEM_DOCUMENTDB_CA_FILE (tandem.documentdb.ca.file): "
                        + pem + " holds no certificate; it should be a PEM bundle such as Amazon's global-bundle.pem.");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidSettingException("Setting TANDEM_DOCUMENTDB_CA_FILE (tandem.documentdb.ca.file): cannot"
                    + " read " + pem + " as a PEM bundle of CA certificates (" + e.getMessage() + ").");
        }
    }
}
