<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an RSS 2.0 or Atom feed of the site as a plain, readable page in a browser.
     Feed readers ignore it. No script, no inline style: the page keeps the feed's CSP. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
      </head>
      <body>
        <main>
          <p><strong>This is a news feed.</strong> Copy its address from the address bar into a
            feed reader to follow new articles as they are published.</p>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="rss/channel/description | atom:feed/atom:subtitle"/></p>
          <p><a href="{rss/channel/link | atom:feed/atom:link[not(@rel) or @rel='alternate']/@href}">Visit the website</a></p>
          <ul>
            <xsl:for-each select="rss/channel/item | atom:feed/atom:entry">
              <li>
                <h2><a href="{link | atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="title | atom:title"/></a></h2>
                <p><xsl:value-of select="description | atom:summary"/></p>
              </li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
