#include "CAuditXML.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

_Static_assert(AX_NODE_ELEMENT == XML_READER_TYPE_ELEMENT, "node type");
_Static_assert(AX_NODE_TEXT == XML_READER_TYPE_TEXT, "node type");
_Static_assert(AX_NODE_CDATA == XML_READER_TYPE_CDATA, "node type");
_Static_assert(AX_NODE_ENTITY_REFERENCE == XML_READER_TYPE_ENTITY_REFERENCE, "node type");
_Static_assert(AX_NODE_DOCUMENT_TYPE == XML_READER_TYPE_DOCUMENT_TYPE, "node type");
_Static_assert(AX_NODE_SIGNIFICANT_WHITESPACE == XML_READER_TYPE_SIGNIFICANT_WHITESPACE,
               "node type");
_Static_assert(AX_NODE_END_ELEMENT == XML_READER_TYPE_END_ELEMENT, "node type");

/* The only option: no network access. Entities are never substituted (no NOENT), no external
 * DTD is loaded (no DTDLOAD, DTDATTR, DTDVALID), libxml2's size and amplification limits stay
 * on (no HUGE), and XInclude is not processed. */
#define AX_OPTIONS (XML_PARSE_NONET)
#define AX_FORBIDDEN                                                                         \
    (XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR | XML_PARSE_DTDVALID |          \
     XML_PARSE_HUGE | XML_PARSE_XINCLUDE)
_Static_assert((AX_OPTIONS & AX_FORBIDDEN) == 0, "unsafe libxml2 option");

#define AX_MAX_ERRORS 100

struct AXReader {
    xmlTextReaderPtr reader;
    AXNode node;
    AXError errors[AX_MAX_ERRORS];
    int error_count;
};

/* The reader whose read is running on this thread: libxml2's global error functions are
 * per thread, so messages that do not go through the reader's own handler land here. */
#define AX_TLS __thread __attribute__((tls_model("initial-exec")))
static AX_TLS AXReader *ax_current = NULL;
static AX_TLS int ax_thread_ready = 0;

static void ax_record(AXReader *reader, int line, int column, int level, int code,
                      const char *message) {
    if (reader == NULL) return;
    int index = reader->error_count++;
    if (index >= AX_MAX_ERRORS) return;
    size_t length = message ? strlen(message) : 0;
    while (length > 0 && (message[length - 1] == '\n' || message[length - 1] == ' ')) length--;
    char *copy = malloc(length + 1);
    if (copy != NULL) {
        if (length > 0) memcpy(copy, message, length);
        copy[length] = 0;
    }
    reader->errors[index] = (AXError){line, column, level, code, copy};
}

static void ax_structured(void *data, xmlErrorPtr error) {
    AXReader *reader = data ? (AXReader *)data : ax_current;
    if (error == NULL) return;
    ax_record(reader, error->line, error->int2, (int)error->level, error->code, error->message);
}

static void ax_generic(void *data, const char *format, ...) {
    (void)data;
    (void)format; /* messages without a position are dropped; the structured one follows */
}

static xmlParserInputPtr ax_refuse_entity(const char *url, const char *id,
                                          xmlParserCtxtPtr context) {
    (void)id;
    (void)context;
    ax_record(ax_current, 0, 0, XML_ERR_ERROR, XML_IO_NETWORK_ATTEMPT,
              url ? "refused to load an external entity or DTD" : "refused an external entity");
    return NULL;
}

static pthread_once_t ax_once = PTHREAD_ONCE_INIT;

static void ax_initialise_once(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(ax_refuse_entity);
}

void ax_initialise(void) {
    if (ax_thread_ready) return;
    pthread_once(&ax_once, ax_initialise_once);
    {
        xmlSetStructuredErrorFunc(NULL, ax_structured);
        xmlSetGenericErrorFunc(NULL, ax_generic);
        ax_thread_ready = 1;
    }
}

int ax_reader_options(void) { return AX_OPTIONS; }

int ax_forbidden_options(void) { return AX_FORBIDDEN; }

const char *ax_libxml_version(void) { return LIBXML_DOTTED_VERSION; }

static AXReader *ax_wrap(xmlTextReaderPtr reader) {
    if (reader == NULL) return NULL;
    AXReader *wrapper = calloc(1, sizeof(AXReader));
    if (wrapper == NULL) {
        xmlFreeTextReader(reader);
        return NULL;
    }
    wrapper->reader = reader;
    xmlTextReaderSetStructuredErrorHandler(reader, ax_structured, wrapper);
    return wrapper;
}

AXReader *ax_reader_open_fd(int fd, const char *name) {
    ax_initialise();
    return ax_wrap(xmlReaderForFd(fd, name, NULL, AX_OPTIONS));
}

AXReader *ax_reader_open_memory(const char *bytes, int size, const char *name) {
    ax_initialise();
    return ax_wrap(xmlReaderForMemory(bytes, size, name, NULL, AX_OPTIONS));
}

void ax_reader_free(AXReader *reader) {
    if (reader == NULL) return;
    xmlFreeTextReader(reader->reader);
    int kept = reader->error_count < AX_MAX_ERRORS ? reader->error_count : AX_MAX_ERRORS;
    for (int i = 0; i < kept; i++) {
        free((void *)reader->errors[i].message);
    }
    free(reader);
}

/* Whether the DTD node declares general or parameter entities. */
static int ax_declares_entities(xmlNodePtr node) {
    if (node == NULL || node->type != XML_DTD_NODE) return 0;
    xmlDtdPtr dtd = (xmlDtdPtr)node;
    if (dtd->entities != NULL || dtd->pentities != NULL) return 1;
    for (xmlNodePtr child = dtd->children; child != NULL; child = child->next) {
        if (child->type == XML_ENTITY_DECL) return 1;
    }
    return 0;
}

int ax_reader_read(AXReader *reader) {
    ax_initialise();
    ax_current = reader;
    int result = xmlTextReaderRead(reader->reader);
    ax_current = NULL;
    if (result == 1) {
        int type = xmlTextReaderNodeType(reader->reader);
        AXNode *node = &reader->node;
        node->type = type;
        node->depth = xmlTextReaderDepth(reader->reader);
        if (type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT) {
            node->local_name = (const char *)xmlTextReaderConstLocalName(reader->reader);
            node->is_empty =
                type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(reader->reader);
        } else {
            node->local_name = NULL;
            node->is_empty = 0;
        }
        if (type == XML_READER_TYPE_ENTITY_REFERENCE ||
            (type == XML_READER_TYPE_DOCUMENT_TYPE &&
             ax_declares_entities(xmlTextReaderCurrentNode(reader->reader)))) {
            return AX_READ_ENTITIES_REFUSED;
        }
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            xmlNodePtr node = xmlTextReaderCurrentNode(reader->reader);
            if (node != NULL && node->type == XML_DTD_NODE) {
                xmlDtdPtr dtd = (xmlDtdPtr)node;
                if (dtd->children != NULL || dtd->notations != NULL || dtd->elements != NULL ||
                    dtd->attributes != NULL) {
                    return AX_READ_DTD_REFUSED;
                }
            }
        }
    }
    return result;
}

const AXNode *ax_reader_node(AXReader *reader) { return &reader->node; }

int ax_reader_line(AXReader *reader) {
    return xmlTextReaderGetParserLineNumber(reader->reader);
}

const char *ax_reader_local_name(AXReader *reader) {
    return (const char *)xmlTextReaderConstLocalName(reader->reader);
}

const char *ax_reader_namespace_uri(AXReader *reader) {
    return (const char *)xmlTextReaderConstNamespaceUri(reader->reader);
}

const char *ax_reader_value(AXReader *reader) {
    return (const char *)xmlTextReaderConstValue(reader->reader);
}

const char *ax_reader_intern(AXReader *reader, const char *name) {
    return (const char *)xmlTextReaderConstString(reader->reader, (const xmlChar *)name);
}

int ax_reader_move_to_next_attribute(AXReader *reader) {
    return xmlTextReaderMoveToNextAttribute(reader->reader);
}

int ax_reader_move_to_element(AXReader *reader) {
    return xmlTextReaderMoveToElement(reader->reader);
}

int ax_reader_error_count(AXReader *reader) { return reader->error_count; }

AXError ax_reader_error(AXReader *reader, int index) {
    if (index < 0 || index >= reader->error_count || index >= AX_MAX_ERRORS) {
        return (AXError){0, 0, 0, 0, ""};
    }
    AXError error = reader->errors[index];
    if (error.message == NULL) error.message = "";
    return error;
}

/* ---- Record reader (SAX2) --------------------------------------------------------------- */

#include <errno.h>
#include <unistd.h>
#include <libxml/SAX2.h>

typedef struct {
    char *bytes;
    size_t length;
    size_t capacity;
} AXBuffer;

static int ax_buffer_append(AXBuffer *buffer, const char *bytes, size_t length) {
    if (buffer->length + length + 1 > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 256;
        while (buffer->length + length + 1 > capacity) capacity *= 2;
        char *grown = realloc(buffer->bytes, capacity);
        if (grown == NULL) return 0;
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    if (length > 0) memcpy(buffer->bytes + buffer->length, bytes, length);
    buffer->length += length;
    buffer->bytes[buffer->length] = 0;
    return 1;
}

typedef struct {
    int path;
    int depth;
    int is_html;
    int line;
    AXBuffer text;
} AXCollector;

/* A value: its path, where its bytes are in a buffer, and the record it belongs to. */
typedef struct {
    int path;
    int is_html;
    int line;
    int length;
    size_t offset;
} AXEntry;

/* Values of records: the entries and their bytes. */
typedef struct {
    AXEntry *entries;
    int count;
    int capacity;
    AXBuffer bytes;
} AXEntries;

static int ax_entries_add(AXEntries *list, int path, const char *bytes, size_t length,
                          int is_html, int line) {
    if (list->count == list->capacity) {
        int capacity = list->capacity ? list->capacity * 2 : 64;
        AXEntry *grown = realloc(list->entries, sizeof(AXEntry) * (size_t)capacity);
        if (grown == NULL) return 0;
        list->entries = grown;
        list->capacity = capacity;
    }
    size_t offset = list->bytes.length;
    if (!ax_buffer_append(&list->bytes, bytes, length) || !ax_buffer_append(&list->bytes, "", 1)) {
        return 0;
    }
    list->entries[list->count++] = (AXEntry){path, is_html, line, (int)length, offset};
    return 1;
}

/* A finished record in the ready queue: its entries are ready.entries[first ..< first+count]. */
typedef struct {
    int first;
    int count;
    int line;
} AXReady;

struct AXRecords {
    AXReader errors; /* only its error list is used */
    xmlParserCtxtPtr context;
    int fd;
    char *chunk;
    int at_end;
    int refused;
    int failed;
    AXStep *steps;
    int step_count;
    AXTest *tests;
    int test_count;
    int record_count, anchored;
    AXPath *paths;
    int path_count;
    const char *type_name;
    int depth;
    unsigned long long *record_matches;
    int record_matches_capacity;
    unsigned char *field_matches;
    int field_levels;
    int record_depth, record_line;
    AXCollector *collectors;
    int collector_count, collector_capacity;
    AXEntries current; /* values of the record being read */
    AXEntries ready;   /* values of finished records not yet handed over */
    AXReady *queue;
    int queue_count, queue_capacity, queue_next;
    int served; /* the record handed over last: queue index, or -1 */
    long *hits;
};

#define AX_CHUNK (64 * 1024)

static char *ax_copy(const char *text) {
    if (text == NULL) return NULL;
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL) memcpy(copy, text, length + 1);
    return copy;
}

static int ax_attribute_is(const xmlChar **attributes, int index, const char *value) {
    const char *start = (const char *)attributes[index * 5 + 3];
    const char *end = (const char *)attributes[index * 5 + 4];
    size_t length = strlen(value);
    return (size_t)(end - start) == length && memcmp(start, value, length) == 0;
}

static int ax_find_attribute(const char *name, int count, const xmlChar **attributes) {
    for (int i = 0; i < count; i++) {
        if ((const char *)attributes[i * 5] == name) return i;
    }
    return -1;
}

static int ax_step_matches_sax(AXRecords *r, int index, const char *name, const char *uri,
                               int count, const xmlChar **attributes) {
    const AXStep *step = &r->steps[index];
    if (step->name != NULL && step->name != name) return 0;
    if (step->namespace_uri != NULL && (uri == NULL || strcmp(uri, step->namespace_uri) != 0)) {
        return 0;
    }
    for (int t = step->first_test; t < step->first_test + step->test_count; t++) {
        int found = ax_find_attribute(r->tests[t].name, count, attributes);
        if (found < 0 || !ax_attribute_is(attributes, found, r->tests[t].value)) return 0;
    }
    return 1;
}

static void ax_fail(AXRecords *r) {
    r->failed = 1;
    xmlStopParser(r->context);
}

static void ax_take_sax(AXRecords *r, int path, int count, const xmlChar **attributes) {
    r->hits[path]++;
    int line = xmlSAX2GetLineNumber(r->context);
    const char *attribute = r->paths[path].attribute;
    if (attribute != NULL) {
        int found = ax_find_attribute(attribute, count, attributes);
        if (found < 0) return;
        const char *start = (const char *)attributes[found * 5 + 3];
        const char *end = (const char *)attributes[found * 5 + 4];
        if (!ax_entries_add(&r->current, path, start, (size_t)(end - start), 0, line)) ax_fail(r);
        return;
    }
    if (r->collector_count == r->collector_capacity) {
        int capacity = r->collector_capacity ? r->collector_capacity * 2 : 8;
        AXCollector *grown = realloc(r->collectors, sizeof(AXCollector) * (size_t)capacity);
        if (grown == NULL) return ax_fail(r);
        memset(grown + r->collector_capacity, 0,
               sizeof(AXCollector) * (size_t)(capacity - r->collector_capacity));
        r->collectors = grown;
        r->collector_capacity = capacity;
    }
    int type = ax_find_attribute(r->type_name, count, attributes);
    AXCollector *c = &r->collectors[r->collector_count++];
    c->path = path;
    c->depth = r->depth - 1; /* the element's own depth: ax_sax_start has counted it */
    c->is_html = type >= 0 && ax_attribute_is(attributes, type, "html");
    c->line = line;
    c->text.length = 0;
}

static void ax_sax_start(void *data, const xmlChar *localname, const xmlChar *prefix,
                         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                         int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
    (void)prefix;
    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_defaulted;
    AXRecords *r = data;
    const char *name = (const char *)localname;
    const char *namespace_uri = (const char *)uri;
    int depth = r->depth++;
    if (r->record_depth < 0) {
        if (depth >= r->record_matches_capacity) {
            int capacity = depth + 16;
            unsigned long long *grown =
                realloc(r->record_matches, sizeof(unsigned long long) * (size_t)capacity);
            if (grown == NULL) return ax_fail(r);
            r->record_matches = grown;
            r->record_matches_capacity = capacity;
        }
        unsigned long long mask = 0;
        for (int i = 0; i < r->record_count; i++) {
            if (ax_step_matches_sax(r, i, name, namespace_uri, nb_attributes, attributes)) {
                mask |= 1ULL << i;
            }
        }
        r->record_matches[depth] = mask;
        int count = r->record_count;
        if (count == 0 || depth + 1 < count || (r->anchored && depth + 1 != count)) return;
        for (int i = 0; i < count; i++) {
            if (!(r->record_matches[depth - count + 1 + i] & (1ULL << i))) return;
        }
        r->record_depth = depth;
        r->record_line = xmlSAX2GetLineNumber(r->context);
        r->current.count = 0;
        r->current.bytes.length = 0;
        for (int p = 0; p < r->path_count; p++) {
            if (r->paths[p].step_count == 0) ax_take_sax(r, p, nb_attributes, attributes);
        }
        return;
    }
    int level = depth - r->record_depth;
    int width = r->path_count;
    if (level > r->field_levels) {
        unsigned char *grown = realloc(r->field_matches, (size_t)(level * width) + 1);
        if (grown == NULL) return ax_fail(r);
        r->field_matches = grown;
        r->field_levels = level;
    }
    for (int p = 0; p < width; p++) {
        const AXPath *path = &r->paths[p];
        /* The name test inline: most paths fail it, and the call costs more than the test. */
        const char *wanted =
            level <= path->step_count ? r->steps[path->first_step + level - 1].name : NULL;
        int matched = level <= path->step_count && (wanted == NULL || wanted == name) &&
                      (level == 1 || r->field_matches[(level - 2) * width + p]) &&
                      ax_step_matches_sax(r, path->first_step + level - 1, name, namespace_uri,
                                          nb_attributes, attributes);
        r->field_matches[(level - 1) * width + p] = (unsigned char)matched;
        if (matched && level == path->step_count) ax_take_sax(r, p, nb_attributes, attributes);
    }
}

static void ax_sax_end(void *data, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *uri) {
    (void)localname;
    (void)prefix;
    (void)uri;
    AXRecords *r = data;
    int depth = --r->depth;
    while (r->collector_count > 0 && r->collectors[r->collector_count - 1].depth == depth) {
        AXCollector *c = &r->collectors[--r->collector_count];
        if (!ax_entries_add(&r->current, c->path, c->text.bytes ? c->text.bytes : "",
                            c->text.length, c->is_html, c->line)) {
            return ax_fail(r);
        }
    }
    if (depth != r->record_depth) return;
    r->record_depth = -1;
    r->collector_count = 0;
    /* Move the record's values to the ready queue. */
    if (r->queue_count == r->queue_capacity) {
        int capacity = r->queue_capacity ? r->queue_capacity * 2 : 256;
        AXReady *grown = realloc(r->queue, sizeof(AXReady) * (size_t)capacity);
        if (grown == NULL) return ax_fail(r);
        r->queue = grown;
        r->queue_capacity = capacity;
    }
    int first = r->ready.count;
    for (int i = 0; i < r->current.count; i++) {
        AXEntry *e = &r->current.entries[i];
        if (!ax_entries_add(&r->ready, e->path, r->current.bytes.bytes + e->offset,
                            (size_t)e->length, e->is_html, e->line)) {
            return ax_fail(r);
        }
    }
    r->queue[r->queue_count++] = (AXReady){first, r->current.count, r->record_line};
}

static void ax_sax_text(void *data, const xmlChar *text, int length) {
    AXRecords *r = data;
    for (int i = 0; i < r->collector_count; i++) {
        if (!ax_buffer_append(&r->collectors[i].text, (const char *)text, (size_t)length)) {
            return ax_fail(r);
        }
    }
}

/* Any entity declaration, general or parameter, and any reference stop the parse. */
static void ax_sax_entity_decl(void *data, const xmlChar *name, int type,
                               const xmlChar *public_id, const xmlChar *system_id,
                               xmlChar *content) {
    (void)name;
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    AXRecords *r = data;
    r->refused = 1;
    xmlStopParser(r->context);
}

/* Any other declaration of an internal DTD subset stops the parse too: an attribute's
 * default would be applied to the records read. */
static void ax_sax_attribute_decl(void *data, const xmlChar *elem, const xmlChar *fullname,
                                  int type, int def, const xmlChar *default_value,
                                  xmlEnumerationPtr tree) {
    (void)elem;
    (void)fullname;
    (void)type;
    (void)def;
    (void)default_value;
    if (tree != NULL) xmlFreeEnumeration(tree);
    AXRecords *r = data;
    r->refused = 2;
    xmlStopParser(r->context);
}

static void ax_sax_element_decl(void *data, const xmlChar *name, int type,
                                xmlElementContentPtr content) {
    (void)name;
    (void)type;
    (void)content;
    AXRecords *r = data;
    r->refused = 2;
    xmlStopParser(r->context);
}

static void ax_sax_notation_decl(void *data, const xmlChar *name, const xmlChar *public_id,
                                 const xmlChar *system_id) {
    (void)name;
    (void)public_id;
    (void)system_id;
    AXRecords *r = data;
    r->refused = 2;
    xmlStopParser(r->context);
}

static void ax_sax_reference(void *data, const xmlChar *name) {
    (void)name;
    AXRecords *r = data;
    r->refused = 1;
    xmlStopParser(r->context);
}

static xmlEntityPtr ax_sax_get_entity(void *data, const xmlChar *name) {
    (void)data;
    return xmlGetPredefinedEntity(name);
}

static void ax_sax_error(void *data, xmlErrorPtr error) {
    AXRecords *r = data;
    if (error == NULL) return;
    ax_record(&r->errors, error->line, error->int2, (int)error->level, error->code,
              error->message);
}

AXRecords *ax_records_open(int fd, const char *name, const AXStep *steps, int step_count,
                           const AXTest *tests, int test_count, int record_count, int anchored,
                           const AXPath *paths, int path_count) {
    ax_initialise();
    AXRecords *r = calloc(1, sizeof(AXRecords));
    if (r == NULL) return NULL;
    r->fd = fd;
    r->record_depth = -1;
    r->served = -1;
    r->chunk = malloc(AX_CHUNK);
    r->steps = calloc(step_count > 0 ? step_count : 1, sizeof(AXStep));
    r->tests = calloc(test_count > 0 ? test_count : 1, sizeof(AXTest));
    r->paths = calloc(path_count > 0 ? path_count : 1, sizeof(AXPath));
    r->hits = calloc(path_count > 0 ? path_count : 1, sizeof(long));
    /* Copied by libxml2 into the context. Everything not set stays off: no document is built,
     * no DTD is loaded or kept, no external subset is read. */
    xmlSAXHandler handler;
    memset(&handler, 0, sizeof(handler));
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = ax_sax_start;
    handler.endElementNs = ax_sax_end;
    handler.characters = ax_sax_text;
    handler.ignorableWhitespace = ax_sax_text;
    handler.cdataBlock = ax_sax_text;
    handler.entityDecl = ax_sax_entity_decl;
    handler.attributeDecl = ax_sax_attribute_decl;
    handler.elementDecl = ax_sax_element_decl;
    handler.notationDecl = ax_sax_notation_decl;
    handler.reference = ax_sax_reference;
    handler.getEntity = ax_sax_get_entity;
    handler.serror = ax_sax_error;
    if (r->chunk && r->steps && r->tests && r->paths && r->hits) {
        r->context = xmlCreatePushParserCtxt(&handler, r, NULL, 0, name);
    }
    if (r->context == NULL) {
        ax_records_free(r);
        return NULL;
    }
    xmlCtxtUseOptions(r->context, AX_OPTIONS);
    xmlDictPtr dict = r->context->dict;
    for (int i = 0; i < step_count; i++) {
        r->steps[i] = steps[i];
        r->steps[i].name =
            steps[i].name ? (const char *)xmlDictLookup(dict, (const xmlChar *)steps[i].name, -1)
                          : NULL;
        r->steps[i].namespace_uri = ax_copy(steps[i].namespace_uri);
    }
    for (int i = 0; i < test_count; i++) {
        r->tests[i].name = (const char *)xmlDictLookup(dict, (const xmlChar *)tests[i].name, -1);
        r->tests[i].value = ax_copy(tests[i].value);
    }
    for (int i = 0; i < path_count; i++) {
        r->paths[i] = paths[i];
        r->paths[i].attribute =
            paths[i].attribute
                ? (const char *)xmlDictLookup(dict, (const xmlChar *)paths[i].attribute, -1)
                : NULL;
    }
    r->step_count = step_count;
    r->test_count = test_count;
    r->path_count = path_count;
    r->record_count = record_count < 64 ? record_count : 64;
    r->anchored = anchored;
    r->type_name = (const char *)xmlDictLookup(dict, (const xmlChar *)"type", -1);
    return r;
}

void ax_records_free(AXRecords *r) {
    if (r == NULL) return;
    if (r->context) {
        xmlFreeDoc(r->context->myDoc);
        r->context->myDoc = NULL;
        xmlFreeParserCtxt(r->context);
    }
    if (r->steps) {
        for (int i = 0; i < r->step_count; i++) free((void *)r->steps[i].namespace_uri);
    }
    if (r->tests) {
        for (int i = 0; i < r->test_count; i++) free((void *)r->tests[i].value);
    }
    for (int i = 0; i < r->collector_capacity; i++) free(r->collectors[i].text.bytes);
    int kept = r->errors.error_count < AX_MAX_ERRORS ? r->errors.error_count : AX_MAX_ERRORS;
    for (int i = 0; i < kept; i++) free((void *)r->errors.errors[i].message);
    free(r->collectors);
    free(r->chunk);
    free(r->steps);
    free(r->tests);
    free(r->paths);
    free(r->hits);
    free(r->record_matches);
    free(r->field_matches);
    free(r->current.entries);
    free(r->current.bytes.bytes);
    free(r->ready.entries);
    free(r->ready.bytes.bytes);
    free(r->queue);
    free(r);
}

int ax_records_next(AXRecords *r) {
    ax_initialise();
    for (;;) {
        if (r->queue_next < r->queue_count) {
            r->served = r->queue_next++;
            return 1;
        }
        /* Everything ready was handed over: start the queue afresh. */
        r->queue_count = r->queue_next = 0;
        r->served = -1;
        r->ready.count = 0;
        r->ready.bytes.length = 0;
        if (r->refused) return r->refused == 2 ? AX_READ_DTD_REFUSED : AX_READ_ENTITIES_REFUSED;
        if (r->failed) {
            ax_record(&r->errors, 0, 0, XML_ERR_FATAL, XML_ERR_NO_MEMORY, "out of memory");
            return -1;
        }
        if (r->at_end) {
            int kept = r->errors.error_count < AX_MAX_ERRORS ? r->errors.error_count : AX_MAX_ERRORS;
            for (int i = 0; i < kept; i++) {
                if (r->errors.errors[i].level >= XML_ERR_ERROR) return -1;
            }
            return 0;
        }
        ssize_t count;
        do {
            count = read(r->fd, r->chunk, AX_CHUNK);
        } while (count < 0 && errno == EINTR);
        if (count < 0) {
            ax_record(&r->errors, 0, 0, XML_ERR_FATAL, XML_IO_EIO, strerror(errno));
            return -1;
        }
        ax_current = &r->errors;
        int status = xmlParseChunk(r->context, r->chunk, (int)count, count == 0);
        ax_current = NULL;
        if (count == 0) r->at_end = 1;
        if (r->refused) {
            r->queue_count = r->queue_next = 0;
            return r->refused == 2 ? AX_READ_DTD_REFUSED : AX_READ_ENTITIES_REFUSED;
        }
        if (status != 0 && !r->failed) {
            /* Hand over nothing more: the document is not well-formed. */
            r->queue_count = r->queue_next = 0;
            if (r->errors.error_count == 0) {
                ax_record(&r->errors, xmlSAX2GetLineNumber(r->context), 0, XML_ERR_FATAL,
                          status, "the XML cannot be read past this point");
            }
            return -1;
        }
    }
}

int ax_records_record_line(AXRecords *r) {
    return r->served >= 0 ? r->queue[r->served].line : 0;
}

int ax_records_line(AXRecords *r) { return xmlSAX2GetLineNumber(r->context); }

int ax_records_value_count(AXRecords *r) {
    return r->served >= 0 ? r->queue[r->served].count : 0;
}

AXValue ax_records_value(AXRecords *r, int index) {
    if (r->served < 0 || index < 0 || index >= r->queue[r->served].count) {
        return (AXValue){-1, 0, 0, 0, ""};
    }
    AXEntry *e = &r->ready.entries[r->queue[r->served].first + index];
    return (AXValue){e->path, e->length, e->is_html, e->line, r->ready.bytes.bytes + e->offset};
}

long ax_records_hits(AXRecords *r, int path) {
    return path >= 0 && path < r->path_count ? r->hits[path] : 0;
}

AXReader *ax_records_errors(AXRecords *r) { return &r->errors; }
