# Regenerates Tests/BlogportTests/Fixtures/mentions-oracle.json: what jekyll-mentions (html-pipeline
# MentionFilter, as Debian ships it) makes of each input. ruby Tests/oracle/mentions-oracle.rb > FILE
require "jekyll"
require "jekyll-mentions"
require "json"
inputs = [
  "<p>Thanks to @octocat and @jekyll for the help; email me at someone@example.com.</p>",
  "<p>@parkr, @benbalter. and @mattr- fixed it</p>",
  "<p>See @mention and @mentioned but @Mentions too</p>",
  "<p>Code: <code>@notme</code> and <a href=\"/x\">@notme</a> but @yes</p>",
  "<pre><code>@no\n</code></pre>\n<p>(@inparens) [@inbrackets] @end.</p>",
  "<p>path/@nope and foo@bar and @trailing/slash and @dots... and @under_score</p>",
  "<p>한글@kor and é@acc and @한글 and &amp;@amp</p>",
  "<ul>\n  <li>@a</li>\n  <li>x @b-c-</li>\n</ul>",
  "<script>var x = '@no';</script><style>/* @no */</style><p>@yes</p>",
  "<p>@123 and @-dash and @_us</p>",
]
out = inputs.map do |html|
  filter = Jekyll::Mentions.filter_with_mention("https://github.com")
  { "input" => html, "output" => filter.call(html)[:output].to_s }
end
puts JSON.pretty_generate(out)
