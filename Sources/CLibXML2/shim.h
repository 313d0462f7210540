#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> pulls in the system
 * <unicode/ucnv.h>. A Swift module that also imports Foundation then sees a second, different
 * `enum UErrorCode` (Foundation's bundled ICU) and the Clang importer fails. The ICU-only
 * fields at the end of xmlCharEncodingHandler are never touched, so hiding them is safe.
 * Only CAuditXML includes this header; Swift code goes through CAuditXML. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

#endif
