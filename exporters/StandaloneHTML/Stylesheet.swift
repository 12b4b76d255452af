/// The one stylesheet every built-in page carries inline: readable Latin and CJK text, light and
/// dark schemes, tables, figures, Rouge's code classes, responsive images, print.
enum Stylesheet {
    static let css = """
    :root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#ffffff;--soft:#f6f8fa;--line:#d1d9e0;--link:#0550ae;--mark:#fff8c5;
    --c:#6e7781;--k:#cf222e;--s:#0a3069;--n:#0550ae;--f:#8250df;--t:#953800;--e:#116329;--g-d:#82071e;--g-d-bg:#ffebe9;--g-i:#116329;--g-i-bg:#dafbe1}
    @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--soft:#161b22;--line:#3d444d;--link:#4493f8;--mark:#4d3f00;
    --c:#9198a1;--k:#ff7b72;--s:#a5d6ff;--n:#79c0ff;--f:#d2a8ff;--t:#ffa657;--e:#7ee787;--g-d:#ffdcd7;--g-d-bg:#67060c;--g-i:#aff5b4;--g-i-bg:#033a16}}
    *,*::before,*::after{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.75 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK KR","Noto Sans CJK JP","Noto Sans CJK SC","Apple SD Gothic Neo","Hiragino Sans","Microsoft YaHei",sans-serif;
    overflow-wrap:break-word;word-break:normal;line-break:strict}
    :lang(ko){word-break:keep-all}
    :lang(ja),:lang(zh){line-height:1.85}
    .site-header,.site-footer,main{max-width:44rem;margin:0 auto;padding:0 1.25rem}
    .site-header{padding-top:1.5rem;font-weight:600}
    .site-header a{color:var(--fg);text-decoration:none}
    .site-footer{margin-top:3rem;padding-bottom:2rem;color:var(--muted);font-size:.875rem;border-top:1px solid var(--line)}
    a{color:var(--link);text-underline-offset:.15em}
    h1,h2,h3,h4,h5,h6{line-height:1.3;margin:2rem 0 .75rem;font-weight:650}
    h1{font-size:2rem;margin-top:1.5rem}h2{font-size:1.5rem}h3{font-size:1.25rem}h4,h5,h6{font-size:1rem}
    p,ul,ol,dl,blockquote,pre,table,figure{margin:0 0 1.25rem}
    ul,ol{padding-left:1.5rem}li>ul,li>ol{margin-bottom:0}
    dt{font-weight:600}dd{margin-left:1.5rem}
    blockquote{margin-left:0;padding:0 1rem;border-left:.25rem solid var(--line);color:var(--muted)}
    hr{border:0;border-top:1px solid var(--line);margin:2rem 0}
    mark{background:var(--mark);color:inherit}
    abbr[title]{text-decoration:underline dotted}
    img,video,svg,canvas,iframe,embed,object{max-width:100%;height:auto}
    img{vertical-align:middle}
    figure{margin-left:0;margin-right:0;text-align:center}
    figcaption{margin-top:.5rem;color:var(--muted);font-size:.9rem}
    table{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse;font-size:.95rem}
    th,td{padding:.4rem .75rem;border:1px solid var(--line);text-align:left;vertical-align:top}
    thead th{background:var(--soft)}
    tbody tr:nth-child(2n){background:color-mix(in srgb,var(--soft) 60%,transparent)}
    code,kbd,samp,pre{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono","Noto Sans Mono CJK KR",monospace;font-size:.875em}
    :not(pre)>code{padding:.15em .35em;border-radius:.3rem;background:var(--soft)}
    pre{padding:1rem;overflow-x:auto;line-height:1.5;background:var(--soft);border:1px solid var(--line);border-radius:.4rem;tab-size:4}
    pre code{padding:0;background:none;font-size:inherit}
    div.highlighter-rouge,figure.highlight{margin:0 0 1.25rem;text-align:left}
    .highlight pre{margin:0}
    .post-meta{color:var(--muted);font-size:.9rem;margin:-.25rem 0 2rem}
    .post-meta a{color:inherit}
    .post-meta .sep{margin:0 .4rem}
    .post-list{list-style:none;padding:0}
    .post-list li{margin:0 0 .75rem;display:flex;gap:1rem;align-items:baseline}
    .post-list time{color:var(--muted);font-variant-numeric:tabular-nums;white-space:nowrap;font-size:.9rem}
    .terms{color:var(--muted);font-size:.9rem}
    .footnotes{margin-top:2.5rem;padding-top:1rem;border-top:1px solid var(--line);font-size:.9rem}
    sup[role=doc-noteref] a,a.footnote{text-decoration:none}
    .highlight .c,.highlight .ch,.highlight .cd,.highlight .cm,.highlight .cpf,.highlight .c1,.highlight .cs{color:var(--c);font-style:italic}
    .highlight .cp{color:var(--k)}
    .highlight .k,.highlight .kc,.highlight .kd,.highlight .kn,.highlight .kp,.highlight .kr,.highlight .kv,.highlight .ow{color:var(--k)}
    .highlight .kt,.highlight .nc,.highlight .nn,.highlight .no{color:var(--t)}
    .highlight .s,.highlight .sa,.highlight .sb,.highlight .sc,.highlight .dl,.highlight .sd,.highlight .s2,.highlight .se,.highlight .sh,.highlight .si,.highlight .sx,.highlight .s1,.highlight .ss,.highlight .sr{color:var(--s)}
    .highlight .m,.highlight .mb,.highlight .mf,.highlight .mh,.highlight .mi,.highlight .il,.highlight .mo,.highlight .mx{color:var(--n)}
    .highlight .nf,.highlight .fm,.highlight .nd,.highlight .ne{color:var(--f)}
    .highlight .nb,.highlight .bp,.highlight .na,.highlight .nv,.highlight .vc,.highlight .vg,.highlight .vi,.highlight .vm{color:var(--n)}
    .highlight .nt,.highlight .nl{color:var(--e)}
    .highlight .o,.highlight .p{color:inherit}
    .highlight .err{color:var(--k);text-decoration:underline wavy}
    .highlight .gd{color:var(--g-d);background:var(--g-d-bg)}
    .highlight .gi{color:var(--g-i);background:var(--g-i-bg)}
    .highlight .gh,.highlight .gu{color:var(--n);font-weight:600}
    .highlight .ge{font-style:italic}.highlight .gs{font-weight:600}
    .highlight .w{color:var(--c)}
    @media (max-width:30rem){body{font-size:1rem}h1{font-size:1.6rem}.post-list li{display:block}}
    @media print{:root{--fg:#000;--muted:#444;--bg:#fff;--soft:#f3f3f3;--line:#bbb;--link:#000}
    body{font-size:11pt;line-height:1.55}.site-header,.site-footer{display:none}main{max-width:none;padding:0}
    a{text-decoration:underline}.post-body a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em;color:var(--muted);word-break:break-all}
    pre,blockquote,figure,table,img{break-inside:avoid}h1,h2,h3,h4{break-after:avoid}pre{white-space:pre-wrap;border-color:#bbb}
    img{max-height:90vh}}
    """
}
