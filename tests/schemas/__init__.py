"""XML schemas our sitemaps must satisfy, written from the published specifications.

- ``sitemap.xsd`` and ``siteindex.xsd``: the sitemaps.org protocol 0.9;
- ``sitemap-image.xsd``: Google's image extension (image:image);
- ``sitemap-news.xsd``: Google News (news:news).

A ``<url>`` in sitemap.xsd accepts elements of other namespaces only if a schema for them is
loaded (``processContents="strict"``), so ``urlset_schema()`` imports both Google schemas.
"""

from functools import cache
from pathlib import Path

import xmlschema

SCHEMAS = Path(__file__).resolve().parent
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NAMESPACE = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NAMESPACE = "http://www.google.com/schemas/sitemap-news/0.9"
NAMESPACES = {"sm": SITEMAP_NAMESPACE, "image": IMAGE_NAMESPACE, "news": NEWS_NAMESPACE}


@cache
def urlset_schema():
    """Schema of a sitemap (<urlset>), with the image and news extensions."""
    schema = xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd", build=False)
    schema.import_schema(IMAGE_NAMESPACE, str(SCHEMAS / "sitemap-image.xsd"))
    schema.import_schema(NEWS_NAMESPACE, str(SCHEMAS / "sitemap-news.xsd"))
    schema.build()
    return schema


@cache
def sitemap_index_schema():
    """Schema of a sitemap index (<sitemapindex>)."""
    return xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd")
