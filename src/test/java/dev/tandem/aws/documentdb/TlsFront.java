package dev.tandem.aws.documentdb;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * TLS in front of a plain MongoDB wire-protocol server on 127.0.0.1, as DocumentDB's endpoints are: it presents the
 * key store's certificate and relays the bytes both ways.
 */
final class TlsFront implements AutoCloseable {

    private final SSLServerSocket listener;
    private final ExecutorService relays = Executors.newCachedThreadPool();

    TlsFront(Path keyStore, char[] password, int backendPort) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        listener = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        relays.submit(() -> accept(backendPort));
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept(int backendPort) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                relays.submit(() -> relay(client, backend));
                relays.submit(() -> relay(backend, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void relay(Socket from, Socket to) {
        try (from; to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed: the other is closed with it
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        relays.shutdownNow();
    }
}
