(function () {
  'use strict';
  var svg = document.getElementById('st-body');
  var win = document.getElementById('st-win');
  var scroller = document.getElementById('st-scroll');
  var head = document.getElementById('st-head');
  var inspector = document.getElementById('inspector');
  var dataEl = document.getElementById('st-windows');

  // ---------------------------------------------------------------- windows of the space-time diagram
  if (svg && win && dataEl) {
    var data = JSON.parse(dataEl.textContent);
    var windows = data.windows;
    var cur = data.initial;
    if (cur >= 0 && cur < windows.length) {
      windows[cur].svg = win.innerHTML; // the window drawn in the page source
    }
    var sel = document.getElementById('st-select');
    var prev = document.getElementById('st-prev');
    var next = document.getElementById('st-next');
    var home = document.getElementById('st-home');
    var caption = document.getElementById('st-caption');

    var place = function (where, w) {
      var headH = head ? head.offsetHeight : 0;
      if (where === 'violation' && w.violationY >= 0) {
        scroller.scrollTop = Math.max(0, w.violationY + headH - scroller.clientHeight * 0.72);
      } else if (where === 'bottom') {
        scroller.scrollTop = scroller.scrollHeight;
      } else {
        scroller.scrollTop = 0;
      }
    };

    var show = function (i, where) {
      if (i < 0 || i >= windows.length || windows[i].svg == null) {
        return;
      }
      var w = windows[i];
      if (i !== cur) {
        win.innerHTML = w.svg;
        svg.classList.remove('focus');
      }
      cur = i;
      svg.setAttribute('height', String(w.height));
      svg.setAttribute('viewBox', '0 0 ' + data.width + ' ' + w.height);
      svg.setAttribute('data-window-index', String(i));
      svg.setAttribute('data-window-delivered', String(w.delivered));
      svg.setAttribute('data-window-first-event', String(w.first));
      svg.setAttribute('data-window-last-event', String(w.last));
      if (sel) { sel.value = String(i); }
      if (prev) { prev.disabled = i === 0; }
      if (next) { next.disabled = i === windows.length - 1; }
      if (caption) {
        caption.textContent = 'events #' + w.first + '–#' + w.last + ' · ' + w.timeRange + ' · ' + w.delivered +
          ' delivered messages drawn' + (w.anchor ? ' · ends at the violation' : '');
      }
      place(where, w);
    };

    if (sel) {
      sel.addEventListener('change', function () { show(parseInt(sel.value, 10), 'top'); });
    }
    if (prev) { prev.addEventListener('click', function () { show(cur - 1, 'bottom'); }); }
    if (next) { next.addEventListener('click', function () { show(cur + 1, 'top'); }); }
    if (home) { home.addEventListener('click', function () { show(data.initial, 'violation'); }); }
    document.addEventListener('keydown', function (ev) {
      if (ev.target && (ev.target.tagName === 'SELECT' || ev.target.tagName === 'INPUT')) { return; }
      if (ev.key === '[') { show(cur - 1, 'bottom'); }
      if (ev.key === ']') { show(cur + 1, 'top'); }
    });
    // A link can open another window: report.html#window=3 (0 is the earliest embedded window).
    var asked = /^#window=(\d+)$/.exec(window.location.hash || '');
    if (asked && parseInt(asked[1], 10) < windows.length) {
      show(parseInt(asked[1], 10), 'top');
    } else if (cur >= 0) {
      show(cur, 'violation');
    }

    // ---------------------------------------------------------------- inspector and message focus
    var tipOf = function (el) {
      while (el && el !== svg) {
        for (var c = el.firstChild; c; c = c.nextSibling) {
          if (c.nodeName === 'title') { return c.textContent; }
        }
        el = el.parentNode;
      }
      return null;
    };
    svg.addEventListener('mouseover', function (ev) {
      var t = tipOf(ev.target);
      if (t && inspector) {
        inspector.textContent = t;
        inspector.classList.remove('idle');
      }
    });
    svg.addEventListener('click', function (ev) {
      var el = ev.target;
      while (el && el !== svg && !(el.getAttribute && el.getAttribute('data-msg'))) { el = el.parentNode; }
      var old = svg.querySelectorAll('.sel');
      for (var k = 0; k < old.length; k++) { old[k].classList.remove('sel'); }
      if (!el || el === svg) {
        svg.classList.remove('focus');
        return;
      }
      var id = el.getAttribute('data-msg');
      var all = svg.querySelectorAll('[data-msg="' + id + '"]');
      for (var j = 0; j < all.length; j++) { all[j].classList.add('sel'); }
      svg.classList.add('focus');
    });
  }

  // ---------------------------------------------------------------- copy the replay command
  var copy = document.getElementById('copy-replay');
  if (copy) {
    copy.addEventListener('click', function () {
      var text = document.getElementById('replay').textContent;
      var done = function () { copy.textContent = 'copied'; setTimeout(function () { copy.textContent = 'copy'; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { selectReplay(); });
      } else {
        selectReplay();
      }
    });
  }
  function selectReplay() {
    var range = document.createRange();
    range.selectNodeContents(document.getElementById('replay'));
    var s = window.getSelection();
    s.removeAllRanges();
    s.addRange(range);
  }

  // ---------------------------------------------------------------- log grid: open at the first disagreement
  var logs = document.querySelector('.logscroll');
  if (logs) {
    var first = parseInt(logs.getAttribute('data-first-divergent'), 10);
    var th = first > 0 ? logs.querySelector('th[data-index="' + first + '"]') : null;
    if (th) {
      logs.scrollLeft = Math.max(0, th.offsetLeft - 160);
    } else {
      logs.scrollLeft = logs.scrollWidth;
    }
  }
})();
