package dev.chatnet.client;

import dev.chatnet.protocol.wire.BadFrameException;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** The TCP connection to a gateway; a reader thread hands each frame the server sends to the client. */
final class ServerConnection implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;

  private ServerConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  static ServerConnection open(String host, int port, int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    socket.setTcpNoDelay(true);
    return new ServerConnection(socket);
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

  synchronized void send(Frame frame) throws IOException {
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
