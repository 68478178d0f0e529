package dev.chatnet.client;

import dev.chatnet.protocol.wire.BadFrameException;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The TCP (or TLS) connection to a gateway; a reader thread hands each frame the server sends to the client. */
final class ServerConnection implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  /** Set once the server has announced its flood limit; guarded by this. */
  private Pacer pacer;

  private ServerConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /**
   * Connects, and with {@code tls} completes a TLS handshake that checks the server's
   * certificate and that it is for {@code host}.
   *
   * @param caFile PEM certificates to trust instead of the system's; null for the system's
   * @throws IOException with a message fit for the user
   */
  static ServerConnection open(String host, int port, int timeoutMillis, boolean tls, String caFile) throws IOException {
    SSLSocketFactory factory = tls ? tlsFactory(caFile) : null;
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    socket.setTcpNoDelay(true);
    if (factory == null) {
      return new ServerConnection(socket);
    }
    SSLSocket secure = (SSLSocket) factory.createSocket(socket, host, port, true);
    SSLParameters parameters = secure.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    secure.setSSLParameters(parameters);
    try {
      secure.setSoTimeout(timeoutMillis);
      secure.startHandshake();
      secure.setSoTimeout(0);
    } catch (SSLHandshakeException e) {
      secure.close();
      throw new IOException(handshakeFailure(e, host), e);
    } catch (SSLException e) {
      secure.close();
      throw new IOException("the server does not speak TLS on that port (connect without --tls)", e);
    } catch (SocketTimeoutException e) {
      secure.close();
      throw new IOException("the server did not answer the TLS handshake", e);
    }
    return new ServerConnection(secure);
  }

  private static String handshakeFailure(SSLHandshakeException e, String host) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
        return "the server's certificate is not trusted (give the certificate of its authority with --tls-ca FILE)";
      }
      if (cause instanceof CertificateException && String.valueOf(cause.getMessage()).startsWith("No ")) {
        return "the server's certificate is not for " + host;
      }
    }
    return "the TLS handshake failed: " + e.getMessage();
  }

  private static SSLSocketFactory tlsFactory(String caFile) throws IOException {
    try {
      if (caFile == null) {
        return SSLContext.getDefault().getSocketFactory();
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      try (InputStream in = Files.newInputStream(Path.of(caFile))) {
        int n = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          trusted.setCertificateEntry("ca-" + n++, certificate);
        }
        if (n == 0) {
          throw new IOException("no certificate in " + caFile);
        }
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (NoSuchFileException e) {
      throw new IOException("no such file: " + caFile, e);
    } catch (GeneralSecurityException e) {
      throw new IOException("could not read the certificates in " + caFile + ": " + e.getMessage(), e);
    }
  }

  void startReading(Consumer<Frame> onFrame, Runnable onClosed) {
    Thread reader = new Thread(() -> {
      read(onFrame);
      onClosed.run();
    }, "chatnet-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(Consumer<Frame> onFrame) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        try {
          onFrame.accept(Frames.decode(line));
        } catch (BadFrameException e) {
          // A newer server may send frames this client does not know.
        }
      }
    } catch (IOException e) {
      // The connection is gone; onClosed says so.
    }
  }

  /** Pings every {@code seconds} while the user thinks, so the server's idle timeout spares the session. */
  void keepAlive(long seconds) {
    ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "chatnet-ping");
      t.setDaemon(true);
      return t;
    });
    pinger.scheduleAtFixedRate(() -> {
      try {
        send(new Frame.Ping(null));
      } catch (IOException e) {
        // The reader notices the lost connection.
      }
    }, seconds, seconds, TimeUnit.SECONDS);
  }

  /** Keeps what is sent from now on within {@code rate} frames a second and {@code burst} at once (0: no limit said). */
  synchronized void pace(int rate, int burst) {
    pacer = rate > 0 && burst > 0 ? new Pacer(rate, burst, System.nanoTime()) : null;
  }

  /** Sends the frame, once the flood limit lets it go: a paste waits here rather than be cut by the server. */
  synchronized void send(Frame frame) throws IOException {
    long wait = pacer == null ? 0 : pacer.reserve(System.nanoTime());
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while pacing what is sent");
      }
    }
    out.write((Frames.encode(frame) + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }
}
