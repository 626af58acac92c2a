
set edit:completion:arg-completer[proton-local] = { |@words|
    var index = (count $words)
    set index = (- $index 1)

    put (env _CLAP_IFS="\n" _CLAP_COMPLETE_INDEX=(to-string $index) PROTON_LOCAL_COMPLETE="elvish" proton-local -- $@words) | to-lines
}

