#ifndef CAUDITXML_H
#define CAUDITXML_H

/* A small, safe face of libxml2's streaming reader for Swift: opaque handles and plain values
 * only. libxml2's headers are included by the .c file alone, so no Swift module ever sees them
 * (they clash with Foundation's ICU on Linux) and nothing allocated by libxml2 needs xmlFree
 * on the Swift side. */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A streaming reader over one document, with the errors it collected. */
typedef struct AXReader AXReader;

/* Node types, with libxml2's values (checked by the .c file). */
enum {
    AX_NODE_ELEMENT = 1,
    AX_NODE_ATTRIBUTE = 2,
    AX_NODE_TEXT = 3,
    AX_NODE_CDATA = 4,
    AX_NODE_ENTITY_REFERENCE = 5,
    AX_NODE_PROCESSING_INSTRUCTION = 7,
    AX_NODE_COMMENT = 8,
    AX_NODE_DOCUMENT_TYPE = 10,
    AX_NODE_WHITESPACE = 13,
    AX_NODE_SIGNIFICANT_WHITESPACE = 14,
    AX_NODE_END_ELEMENT = 15,
};

/* Result of ax_reader_read beyond libxml2's own 1 (node), 0 (end) and -1 (error). */
enum {
    /* The document has a DOCTYPE that declares entities, or uses an entity reference. */
    AX_READ_ENTITIES_REFUSED = -2,
    /* The document has an internal DTD subset with other declarations (<!ATTLIST …>,
     * <!ELEMENT …>, <!NOTATION …>): their defaults would change what is read. */
    AX_READ_DTD_REFUSED = -3,
};

/* The current node's facts, filled in by ax_reader_read so that callers read them from
 * memory instead of calling into libxml2 for each. Names are interned (see below); for nodes
 * other than elements and end tags, local_name is NULL. */
typedef struct {
    int type;
    int depth;
    int is_empty;
    const char *local_name;
} AXNode;

/* One problem libxml2 reported, copied out of libxml2. */
typedef struct {
    int line;
    int column;
    /* 1 warning, 2 error, 3 fatal error (libxml2's xmlErrorLevel). */
    int level;
    int code;
    /* UTF-8, no trailing newline; owned by the reader. */
    const char *message;
} AXError;

/* Initialises libxml2 once per process and installs an external-entity loader that refuses
 * every external DTD and entity, whatever its scheme. Safe to call from any thread, any
 * number of times. */
void ax_initialise(void);

/* The parser options every reader uses: XML_PARSE_NONET and nothing else. */
int ax_reader_options(void);

/* libxml2's values for options that must never be used, for tests: NOENT, DTDLOAD, DTDATTR,
 * DTDVALID, HUGE, XINCLUDE, OR-ed together. */
int ax_forbidden_options(void);

/* The libxml2 version the program runs with, "2.9.14". */
const char *ax_libxml_version(void);

/* Opens a reader over an open file descriptor (not closed by the reader). NULL when out of
 * memory. `name` is used in libxml2's own messages only. */
AXReader *ax_reader_open_fd(int fd, const char *name);

/* Opens a reader over `size` bytes at `bytes`, which must outlive the reader. */
AXReader *ax_reader_open_memory(const char *bytes, int size, const char *name);

void ax_reader_free(AXReader *reader);

/* Moves to the next node: 1 a node, 0 the end, -1 an error (see ax_reader_error), or
 * AX_READ_ENTITIES_REFUSED. */
int ax_reader_read(AXReader *reader);

/* The current node, updated by every ax_reader_read; the pointer stays valid for the
 * reader's life. */
const AXNode *ax_reader_node(AXReader *reader);

/* The parser's current line: approximate, the reader reads ahead. */
int ax_reader_line(AXReader *reader);

/* Strings owned by the reader, valid until the next read; names are interned, so two names
 * are equal when their pointers are (compare with ax_reader_intern's result). */
const char *ax_reader_local_name(AXReader *reader);
const char *ax_reader_namespace_uri(AXReader *reader);
const char *ax_reader_value(AXReader *reader);
const char *ax_reader_intern(AXReader *reader, const char *name);

/* Walks the current element's attributes: 1 moved to the next, 0 none left. Then call
 * ax_reader_move_to_element. */
int ax_reader_move_to_next_attribute(AXReader *reader);
int ax_reader_move_to_element(AXReader *reader);

/* The errors and warnings collected so far (at most 100 are kept; the count goes on). */
int ax_reader_error_count(AXReader *reader);
AXError ax_reader_error(AXReader *reader, int index);

/* ---- Record reader (SAX2) ------------------------------------------------------------
 * Reads records — elements matching a path — and the values of field paths inside each,
 * with libxml2's SAX2 push parser: no node objects are built, and the matching runs here, so
 * one call hands over a whole record. The same safety as the streaming reader: NONET only, the
 * deny-all entity loader, and any entity declaration or reference stops the parse. */

/* An element step: an interned local name (NULL for any element), a namespace URI (NULL for
 * any) and attribute tests tests[first_test ..< first_test + test_count]. */
typedef struct {
    const char *name;
    const char *namespace_uri;
    int first_test;
    int test_count;
} AXStep;

/* An attribute test: the attribute's local name and the value it must have. */
typedef struct {
    const char *name;
    const char *value;
} AXTest;

/* A field path relative to the record: steps[first_step ..< first_step + step_count], then
 * the attribute whose value is taken, or NULL for the element's text. */
typedef struct {
    int first_step;
    int step_count;
    const char *attribute;
} AXPath;

/* One value of the current record: `bytes` (NUL-terminated, `length` bytes) is owned by the
 * record reader until the next call; `is_html` when the element said type="html". */
typedef struct {
    int path;
    int length;
    int is_html;
    int line;
    const char *bytes;
} AXValue;

typedef struct AXRecords AXRecords;

/* A record reader over the open file descriptor `fd` (not closed by it). The record is
 * steps[0 ..< record_count], anchored at the root when `anchored`. Every string is copied.
 * NULL when out of memory. */
AXRecords *ax_records_open(int fd, const char *name, const AXStep *steps, int step_count,
                           const AXTest *tests, int test_count, int record_count, int anchored,
                           const AXPath *paths, int path_count);
void ax_records_free(AXRecords *records);

/* Reads to the end of the next record: 1 a record (its values are ready), 0 the end of the
 * document, -1 an error, AX_READ_ENTITIES_REFUSED. */
int ax_records_next(AXRecords *records);
int ax_records_record_line(AXRecords *records);
/* The line the parser is on (for errors without a position). */
int ax_records_line(AXRecords *records);
int ax_records_value_count(AXRecords *records);
AXValue ax_records_value(AXRecords *records, int index);
/* How many times path `path` matched, over all records read. */
long ax_records_hits(AXRecords *records, int path);
/* The errors and warnings collected (read them with ax_reader_error_count / ax_reader_error
 * on this handle; never free it). */
AXReader *ax_records_errors(AXRecords *records);

#ifdef __cplusplus
}
#endif

#endif
