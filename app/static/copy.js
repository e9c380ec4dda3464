// The copy-link button: the only script on the site. Without it the permalink field
// above the button still holds the link to select and copy by hand.
document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
  var status = button.parentElement.querySelector(".copied");
  button.hidden = false;
  button.addEventListener("click", function () {
    var text = button.getAttribute("data-copy");
    var done = function () { if (status) status.textContent = "Link copied"; };
    var fallback = function () {
      var field = document.getElementById("permalink");
      field.select();
      if (document.execCommand("copy")) done();
      else if (status) status.textContent = "Select the link and copy it";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  });
});
