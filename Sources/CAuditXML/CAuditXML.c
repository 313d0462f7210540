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
    }
    return result;
}

const AXNode *ax_reader_node(AXReader *reader) { return &reader->node; }

int ax_reader_node_type(AXReader *reader) { return xmlTextReaderNodeType(reader->reader); }

int ax_reader_depth(AXReader *reader) { return xmlTextReaderDepth(reader->reader); }

int ax_reader_is_empty_element(AXReader *reader) {
    return xmlTextReaderIsEmptyElement(reader->reader);
}

int ax_reader_line(AXReader *reader) {
    return xmlTextReaderGetParserLineNumber(reader->reader);
}

int ax_reader_node_line(AXReader *reader) {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader->reader);
    long line = node != NULL && node->type == XML_ELEMENT_NODE ? node->line : 0;
    if (line <= 0 || line >= 65535) return xmlTextReaderGetParserLineNumber(reader->reader);
    return (int)line;
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
