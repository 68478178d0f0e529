package dev.chatnet.proxy;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP-date (RFC 9110 §5.6.7): the IMF-fixdate a sender must use, and the obsolete RFC 850 and
 * asctime forms a recipient must accept. Anything else, such as a one-digit hour, is invalid.
 */
final class HttpDates {

  private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
      "Oct", "Nov", "Dec");
  private static final Pattern IMF =
      Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ([A-Za-z]{3}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RFC850 = Pattern.compile(
      "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-([A-Z][a-z]{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
  private static final Pattern ASCTIME =
      Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})");
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private HttpDates() {
  }

  /** Milliseconds since the epoch, or null when {@code value} is not an HTTP-date. */
  static Long parse(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    Matcher m = IMF.matcher(v);
    if (m.matches()) {
      return at(Integer.parseInt(m.group(4)), m.group(3), m.group(2), m.group(5), m.group(6), m.group(7));
    }
    m = RFC850.matcher(v);
    if (m.matches()) {
      // A two-digit year more than 50 years in the future is in the past (RFC 9110 §5.6.7).
      int year = 2000 + Integer.parseInt(m.group(4));
      if (year > LocalDate.now(ZoneOffset.UTC).getYear() + 50) {
        year -= 100;
      }
      return at(year, m.group(3), m.group(2), m.group(5), m.group(6), m.group(7));
    }
    m = ASCTIME.matcher(v);
    if (m.matches()) {
      return at(Integer.parseInt(m.group(7)), m.group(2), m.group(3).trim(), m.group(4), m.group(5), m.group(6));
    }
    return null;
  }

  private static Long at(int year, String month, String day, String hour, String minute, String second) {
    // Senders get the case wrong; the fields' values are still unambiguous.
    int monthIndex = MONTHS.indexOf(month.substring(0, 1).toUpperCase(Locale.ROOT) + month.substring(1).toLowerCase(Locale.ROOT));
    if (monthIndex < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, monthIndex + 1, Integer.parseInt(day), Integer.parseInt(hour),
          Integer.parseInt(minute), Integer.parseInt(second)).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeException e) {
      return null;
    }
  }

  static String format(long epochMillis) {
    return FORMAT.format(java.time.Instant.ofEpochMilli(epochMillis));
  }
}
