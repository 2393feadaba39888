// nbx slides: a slide taller than the slide height never loses content.
// Its cells are zoomed out (down to MIN_ZOOM on screen: smaller reads worse
// than scrolling), then what still does not fit scrolls. Printed, a slide is
// one page, so it is zoomed out as far as it takes. --reveal-scroll: scroll only.
(function () {
  var MIN_ZOOM = 0.6;
  var deck = document.querySelector('.reveal');
  var scrollOnly = deck.classList.contains('nbx-scroll');
  var printing = /print-pdf/.test(location.search) || Reveal.getConfig().view === 'print';
  function leaves() {
    return Array.prototype.filter.call(document.querySelectorAll('.reveal .slides section'),
      function (s) { return !s.querySelector('section'); });
  }
  function parts(section) {
    return Array.prototype.filter.call(section.children, function (c) { return !c.matches('aside.notes'); });
  }
  function fit(section) {
    if (section.offsetParent === null && getComputedStyle(section).display === 'none') return;
    var height = Reveal.getComputedSlideSize().height;
    parts(section).forEach(function (c) { c.style.zoom = ''; });
    section.classList.remove('nbx-overflow');
    var tall = section.scrollHeight;
    if (tall <= height + 1) return;
    var zoom = 1;
    // Margins and sizes in vh do not shrink in proportion: a few rounds.
    for (var round = 0; round < 4 && !scrollOnly && tall > height + 1 && (printing || zoom > MIN_ZOOM); round++) {
      zoom = zoom * height / tall;
      if (!printing) zoom = Math.max(zoom, MIN_ZOOM);
      zoom = Math.floor(zoom * 1000) / 1000;
      parts(section).forEach(function (c) { c.style.zoom = String(zoom); });
      tall = section.scrollHeight;
    }
    if (tall > height + 1) section.classList.add('nbx-overflow');
    if (!printing) Reveal.layout();
  }
  function fitShown() { leaves().forEach(fit); }
  Reveal.on('ready', fitShown);
  Reveal.on('slidechanged', function (e) { fit(e.currentSlide); });
  Reveal.on('resize', fitShown);
  if (Reveal.isReady()) fitShown();
  if (document.fonts) document.fonts.ready.then(fitShown);
})();
