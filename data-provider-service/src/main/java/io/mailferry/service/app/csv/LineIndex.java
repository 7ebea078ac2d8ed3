package io.mailferry.service.app.csv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Maps character offsets of a text to physical line numbers (1-based); CRLF, LF and lone CR all end a line. */
final class LineIndex {
    private final List<Integer> starts = new ArrayList<>();
    private final int length;

    LineIndex(String text) {
        length = text.length();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i++;
                starts.add(i + 1);
            } else if (c == '\n' || c == '\r') {
                starts.add(i + 1);
            }
        }
    }

    /** The line holding {@code offset}. */
    int lineOf(long offset) {
        int found = Collections.binarySearch(starts, (int) offset);
        return found >= 0 ? found + 1 : -found - 1;
    }

    /** Offset of the first character of {@code line}, or the text's length past its last line. */
    int startOf(int line) {
        return line - 1 < starts.size() ? starts.get(line - 1) : length;
    }

    int lineCount() {
        return starts.size();
    }
}
