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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The TCP connection to a gateway. A reader thread decodes frames: pushes (events, shutdown
 * notices, goodbyes) go straight to {@code onPush} so they show at once, even while the user
 * types; answers queue for the thread that talks to the user.
 */
final class ServerConnection implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final BlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();

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

  void startReading(Consumer<Frame> onPush, Runnable onClosed) {
    Thread reader = new Thread(() -> {
      read(onPush);
      onClosed.run();
    }, "chatnet-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(Consumer<Frame> onPush) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        Frame frame;
        try {
          frame = Frames.decode(line);
        } catch (BadFrameException e) {
          continue; // A newer server may send frames this client does not know.
        }
        if (frame instanceof Frame.Event || frame instanceof Frame.Shutdown || frame instanceof Frame.Bye) {
          onPush.accept(frame);
        } else if (!(frame instanceof Frame.Pong)) {
          inbox.add(frame);
        }
      }
    } catch (IOException e) {
      // The connection is gone; the caller's onClosed says so.
    }
  }

  synchronized void send(Frame frame) throws IOException {
    out.write((Frames.encode(frame) + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The next frame that is not a push; null after {@code timeoutMillis}. */
  Frame next(long timeoutMillis) throws InterruptedException {
    return inbox.poll(timeoutMillis, TimeUnit.MILLISECONDS);
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
