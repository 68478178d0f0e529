package dev.chatnet.standalone;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import java.io.BufferedReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The server's side of a test that scripts what the real client is sent, frame by frame. */
final class ScriptedServer {

  private ScriptedServer() {
  }

  /** Greets, takes the first name proposed as {@code name}, and waits for the client's acknowledgement. */
  static void logIn(BufferedReader in, OutputStream out, String name) throws Exception {
    send(out, new Frame.Hello(Frame.VERSION, "scripted", 65536, 0, 0));
    while (!(Frames.decode(in.readLine()) instanceof Frame.Login)) {
      // Waits for the name.
    }
    send(out, new Frame.Ready(7, name));
    while (!(Frames.decode(in.readLine()) instanceof Frame.Ack)) {
      // Waits for the acknowledgement.
    }
  }

  static void send(OutputStream out, Frame frame) throws Exception {
    out.write((Frames.encode(frame) + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
