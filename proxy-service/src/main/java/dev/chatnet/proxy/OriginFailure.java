package dev.chatnet.proxy;

/** Why a request could not be answered by its origin, with the one line a user sees. */
final class OriginFailure extends RuntimeException {

  enum Kind {
    BAD_URL(400), BAD_METHOD(405), DENIED(403), UNKNOWN_HOST(502), REFUSED(502), TIMEOUT(504), TOO_LARGE(502), REQUEST_TOO_LARGE(413), FAILED(502);

    /** The status the forward-proxy port answers with. */
    final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }
  }

  private final Kind kind;

  OriginFailure(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }
}
